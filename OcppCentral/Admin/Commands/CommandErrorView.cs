namespace OcppCentral.Admin.Commands;

/// <summary>Why a command was not answered: the charger's CALLERROR code and description, or the server's account.</summary>
public sealed record CommandErrorView(string? Code, string? Description);
