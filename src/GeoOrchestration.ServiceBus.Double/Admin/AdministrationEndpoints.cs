using System.Text;
using System.Xml.Linq;
using GeoOrchestration.ServiceBus.Double.Broker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.ServiceBus.Double.Admin;

/// <summary>
/// The administration routes, answered as the service answers the SDK (its <c>HttpRequestAndResponse</c> maps
/// 401 to <c>UnauthorizedAccessException</c>, 404 to <c>MessagingEntityNotFound</c>, 409 on a create to
/// <c>MessagingEntityAlreadyExists</c>, 400 to <c>ArgumentException</c>):
/// <list type="bullet">
/// <item><c>PUT /{queue}</c>: create (201 and the stored entry; 409 when it exists); with <c>If-Match: *</c> update (200; 404 when missing).</item>
/// <item><c>GET /{queue}</c>: the entry with its message counts (200; 404 when missing): GetQueue, QueueExists, GetQueueRuntimeProperties.</item>
/// <item><c>DELETE /{queue}</c>: 200; 404 when missing.</item>
/// <item><c>GET /$Resources/queues?$skip=&amp;$top=</c>: a feed of entries (GetQueues, GetQueuesRuntimeProperties).</item>
/// </list>
/// The service answers a GET of a missing entity with 200 and an empty feed; 404 is what the SDK turns
/// both into, and is plainer to read in a log.
/// </summary>
internal sealed class AdministrationEndpoints(IQueueCatalog catalog, TimeProvider time, ILogger logger)
{
    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/$Resources/queues", List);
        routes.MapGet("/{**name}", Get);
        routes.MapPut("/{**name}", Put);
        routes.MapDelete("/{**name}", Delete);
    }

    private async Task List(HttpContext context)
    {
        var skip = int.TryParse(context.Request.Query["$skip"], out var s) && s > 0 ? s : 0;
        var top = int.TryParse(context.Request.Query["$top"], out var t) && t > 0 ? t : 100;
        var now = time.GetUtcNow();
        var entries = new List<XElement>();
        foreach (var name in catalog.Names.Skip(skip).Take(top))
        {
            // A queue deleted between Names and Find is left out, as it would be a moment later.
            if (catalog.Find(name) is { } settings)
                entries.Add(AtomXml.Entry(name, settings, catalog.Counts(name), SelfUri(context), now));
        }
        logger.LogInformation("admin list queues: {Count}", entries.Count);
        await Write(context, StatusCodes.Status200OK, AtomXml.Feed(SelfUri(context), entries, time.GetUtcNow()));
    }

    private async Task Get(HttpContext context, string name)
    {
        if (catalog.Find(name) is not { } settings)
        {
            logger.LogInformation("admin get {Queue}: 404", name);
            await WriteError(context, StatusCodes.Status404NotFound, $"The queue '{name}' does not exist.");
            return;
        }
        logger.LogInformation("admin get {Queue}: 200", name);
        await Write(context, StatusCodes.Status200OK, AtomXml.Entry(name, settings, catalog.Counts(name), SelfUri(context), time.GetUtcNow()));
    }

    private async Task Put(HttpContext context, string name)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var settings = QueueDescriptionReader.Read(await reader.ReadToEndAsync(context.RequestAborted), out var error);
        if (settings is null)
        {
            logger.LogWarning("admin put {Queue}: 400 {Error}", name, error);
            await WriteError(context, StatusCodes.Status400BadRequest, error!);
            return;
        }

        // The SDK sends If-Match: * on UpdateQueueAsync only; without it a PUT is a create.
        var update = context.Request.Headers.IfMatch.Count > 0;
        int status;
        try
        {
            status = update
                ? catalog.TryUpdate(name, settings) ? StatusCodes.Status200OK : StatusCodes.Status404NotFound
                : catalog.TryCreate(name, settings) ? StatusCodes.Status201Created : StatusCodes.Status409Conflict;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            // The catalog's rules (QueueSettingsRules): a value out of the service's range, a setting fixed at
            // creation changed, sessions or partitioning asked for. Its message names the setting.
            logger.LogWarning("admin {Action} {Queue}: 400 {Error}", update ? "update" : "create", name, ex.Message);
            await WriteError(context, StatusCodes.Status400BadRequest, ex.Message);
            return;
        }

        logger.LogInformation("admin {Action} {Queue}: {Status}", update ? "update" : "create", name, status);
        if (status == StatusCodes.Status409Conflict)
            await WriteError(context, status, $"The queue '{name}' already exists.");
        else if (status == StatusCodes.Status404NotFound)
            await WriteError(context, status, $"The queue '{name}' does not exist.");
        else
            await Write(context, status, AtomXml.Entry(name, catalog.Find(name) ?? settings, catalog.Counts(name), SelfUri(context), time.GetUtcNow()));
    }

    private async Task Delete(HttpContext context, string name)
    {
        var deleted = catalog.Delete(name);
        logger.LogInformation("admin delete {Queue}: {Status}", name, deleted ? 200 : 404);
        if (deleted)
            context.Response.StatusCode = StatusCodes.Status200OK;
        else
            await WriteError(context, StatusCodes.Status404NotFound, $"The queue '{name}' does not exist.");
    }

    private static string SelfUri(HttpContext context) =>
        $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}{context.Request.QueryString}";

    private static Task Write(HttpContext context, int status, XElement document)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = AtomXml.ContentType;
        return context.Response.WriteAsync(document.ToString(SaveOptions.DisableFormatting), context.RequestAborted);
    }

    /// <summary>A failed call's status and the service's <c>Error</c> body.</summary>
    public static Task WriteError(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml; charset=utf-8";
        return context.Response.WriteAsync(AtomXml.Error(status, detail).ToString(SaveOptions.DisableFormatting), context.RequestAborted);
    }
}
