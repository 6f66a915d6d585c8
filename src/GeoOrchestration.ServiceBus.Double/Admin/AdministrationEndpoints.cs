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
        if (NameError(name) is { } nameError)
        {
            await WriteError(context, StatusCodes.Status400BadRequest, nameError);
            return;
        }
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
        if (update)
            status = Update(name, settings, out error);
        else
            status = catalog.TryCreate(name, settings) ? StatusCodes.Status201Created : StatusCodes.Status409Conflict;
        if (status == StatusCodes.Status409Conflict)
            error = $"The queue '{name}' already exists.";

        logger.LogInformation("admin {Action} {Queue}: {Status}", update ? "update" : "create", name, status);
        if (error is not null)
            await WriteError(context, status, error);
        else
            await Write(context, status, AtomXml.Entry(name, catalog.Find(name) ?? settings, catalog.Counts(name), SelfUri(context), time.GetUtcNow()));
    }

    private int Update(string name, QueueSettings wanted, out string? error)
    {
        error = null;
        if (catalog.Find(name) is not { } current)
        {
            error = $"The queue '{name}' does not exist.";
            return StatusCodes.Status404NotFound;
        }
        // Fixed at creation on the service; it refuses the update rather than ignoring the value.
        if (current.RequiresDuplicateDetection != wanted.RequiresDuplicateDetection)
        {
            error = $"RequiresDuplicateDetection: cannot be changed on the existing queue '{name}' (it is {current.RequiresDuplicateDetection.ToString().ToLowerInvariant()}).";
            return StatusCodes.Status400BadRequest;
        }
        if (!catalog.TryUpdate(name, wanted))
        {
            error = $"The queue '{name}' does not exist.";
            return StatusCodes.Status404NotFound;
        }
        return StatusCodes.Status200OK;
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

    // The service's rule for entity paths; '$' is reserved for its own paths ($Resources, $DeadLetterQueue).
    private static string? NameError(string name)
    {
        if (name.Length is 0 or > 260)
            return $"The queue name '{name}' must be 1 to 260 characters.";
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '/'))
                return $"The queue name '{name}' may hold only letters, digits, periods, hyphens, underscores and slashes.";
        }
        return null;
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
