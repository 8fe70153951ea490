// Fixtures are independent (each has its own server, database and charger ids), so they run side by side. Socket
// tests spend much of their time waiting on the network, not on the CPU: let more of them overlap than there are cores.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(6)]
[assembly: OcppCentral.Tests.TestSupport.FixtureCpuLog]
