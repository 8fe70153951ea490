using OcppCentral;

return await OcppCentralApp.RunAsync(args);
