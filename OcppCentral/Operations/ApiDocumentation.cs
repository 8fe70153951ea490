using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using OcppCentral.Admin;
using Scalar.AspNetCore;

namespace OcppCentral.Operations;

/// <summary>
/// The admin API described (docs/observability.md): an OpenAPI 3.1 document generated from the /api endpoints at
/// <see cref="DocumentPath"/>, and an interactive reference at <see cref="ReferencePath"/> whose script and styles are
/// served from the Scalar.AspNetCore package itself, never from a CDN. Both are public: the document says what the
/// source says and holds no secret, and every call tried from the reference still needs the X-API-Key.
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/docs";
    public const string SecuritySchemeName = "ApiKey";

    public static WebApplicationBuilder AddApiDocumentation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            // The console's pages and the OCPP endpoint are not part of the API.
            options.ShouldInclude = description =>
                ("/" + description.RelativePath).StartsWith(AdminApi.PathPrefix + "/", StringComparison.OrdinalIgnoreCase);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "ChargeMonitor admin API",
                    Version = DocumentName,
                    Description = "The admin API of ChargeMonitor, an OCPP 1.6J central system (docs/admin-api.md). " +
                                  $"Every call needs the header {AdminKeyMiddleware.HeaderName}; errors are RFC 7807 problem details.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = AdminKeyMiddleware.HeaderName,
                    Description = "The admin key (--admin-key). Without a configured key the API answers loopback clients only.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] }];
                return Task.CompletedTask;
            });
            // The key is checked by a middleware (AdminKeyMiddleware), which no endpoint's metadata shows: every operation can answer 401.
            options.AddOperationTransformer(async (operation, context, ct) =>
            {
                var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct);
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd(StatusCodes.Status401Unauthorized.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
                {
                    Description = $"No or a wrong {AdminKeyMiddleware.HeaderName} header.",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
                });
            });
        });
        return builder;
    }

    /// <summary>
    /// Describes the JSON body of an endpoint that reads its body itself (to name every wrong field) and so binds no
    /// parameter the generator could see. Not <c>Accepts</c>: that would also make routing refuse a request whose
    /// Content-Type is not JSON with 415, before the endpoint could answer as documented.
    /// </summary>
    public static RouteHandlerBuilder DescribesBody<TBody>(this RouteHandlerBuilder endpoint, bool required = true) =>
        endpoint.AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(TBody), null, ct);
            IOpenApiSchema described = schema;
            if (context.Document is { } document)
            {
                document.AddComponent(typeof(TBody).Name, schema);
                described = new OpenApiSchemaReference(typeof(TBody).Name, document);
            }
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = required,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = described } },
            };
        });

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("ChargeMonitor admin API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddDocument(DocumentName));
        return app;
    }
}
