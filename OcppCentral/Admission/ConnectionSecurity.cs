using System.Security.Cryptography.X509Certificates;

namespace OcppCentral.Admission;

/// <summary>What the transport knows of a handshake's protection: whether it came over TLS, and the client certificate it presented.</summary>
public readonly record struct ConnectionSecurity(bool IsTls, X509Certificate2? ClientCertificate);
