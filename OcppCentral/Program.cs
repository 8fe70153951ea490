using OcppCentral;

var app = OcppCentralApp.Build(args);
return await OcppCentralApp.RunAsync(app);
