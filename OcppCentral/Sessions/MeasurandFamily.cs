namespace OcppCentral.Sessions;

/// <summary>What kind of quantity a measurand is; decides its default unit and its normalisation.</summary>
internal enum MeasurandFamily
{
    Unknown,
    ActiveEnergy,
    ReactiveEnergy,
    ActivePower,
    ReactivePower,
    Current,
    Voltage,
    StateOfCharge,
    Temperature,
    Dimensionless,
}
