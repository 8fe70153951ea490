// Socket tests spend their time waiting on the network and on timers, not on the CPU: let more of them overlap.
[assembly: LevelOfParallelism(6)]
