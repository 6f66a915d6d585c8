using System.Globalization;
using System.Management.Automation;
using GeoOrchestration.Errors;
using GeoOrchestration.Store;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>
/// Lets a retention or age parameter take PowerShell's usual forms: a [TimeSpan] (New-TimeSpan -Days 30,
/// [TimeSpan]'7.00:00:00'), a string as geoorch takes it ('30d', '12h', '1d 12h', '7.00:00:00'), a number
/// of seconds (a [decimal] is days: PowerShell reads an unquoted 30d as the decimal 30), and, where <paramref name="allowForever"/>, 'forever' (kept forever: $null in the bound
/// <see cref="GeoRetentionPeriod"/>). Negative ages are left to the command's check, which names the rule.
/// </summary>
internal sealed class RetentionPeriodTransformationAttribute(bool allowForever) : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        TimeSpan? span = value switch
        {
            TimeSpan t => t,
            GeoRetentionPeriod p => p.KeepFor,
            // PowerShell reads an unquoted 30d as the decimal literal 30 ('d' is its decimal suffix): days, as typed.
            decimal days => TimeSpan.FromDays((double)days),
            int or long or double or float => TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            string text => Parse(text),
            _ => throw new ArgumentTransformationMetadataException(
                $"'{value}' is not a duration; give a TimeSpan, e.g. 30d, 12h, 7.00:00:00{(allowForever ? " or forever" : "")}."),
        };
        return allowForever ? new GeoRetentionPeriod(span) : span ?? throw new ArgumentTransformationMetadataException("'forever' is not an age here.");
    }

    private TimeSpan? Parse(string text)
    {
        try
        {
            // Negative values pass through as such: the command refuses them naming its parameter.
            var negative = text.TrimStart().StartsWith('-');
            var body = negative ? text.TrimStart()[1..] : text;
            var span = allowForever ? RetentionDuration.ParseSetting(body, "value") : RetentionDuration.Parse(body, "value");
            return negative ? -span : span;
        }
        catch (GeoValidationException e)
        {
            throw new ArgumentTransformationMetadataException(
                $"'{text}' is not a duration: write e.g. 30d, 12h, 1d 12h, 90min, 3600 (seconds) or 7.00:00:00{(allowForever ? ", or forever" : "")}.", e);
        }
    }
}
