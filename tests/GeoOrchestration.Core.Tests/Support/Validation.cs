using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.HelloWorld;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.Core.Tests.Support;

/// <summary>Shorthands for running the validator on JSON text.</summary>
internal static class Validation
{
    public static ParameterSchema HelloWorld => ParameterSchema.For(typeof(HelloWorldParameters));

    public static ParameterSchema Options => ParameterSchema.For(typeof(OptionsParameters));

    public static ParameterSchema WideInt => ParameterSchema.For(typeof(WideIntParameters));

    public static JsonObject Validate(ParameterSchema schema, string json, string jobType = "test_job") =>
        ParameterValidator.Validate(schema, JsonNode.Parse(json)!.AsObject(), jobType);

    public static GeoValidationException Refuse(ParameterSchema schema, string json, string jobType = "test_job") =>
        Assert.Throws<GeoValidationException>(() => Validate(schema, json, jobType));

    /// <summary>Asserts the refusal carries exactly one error, for the given field and rule, and returns it.</summary>
    public static ValidationError RefuseOnce(ParameterSchema schema, string json, string field, string rule)
    {
        var error = Assert.Single(Refuse(schema, json).Errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(rule, error.Rule);
        return error;
    }

    public static string Canonical(JsonNode? node) => CanonicalJson.SerializeToString(node);
}
