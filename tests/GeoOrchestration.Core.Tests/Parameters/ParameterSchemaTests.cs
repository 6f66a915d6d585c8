using System.Text.Json.Nodes;
using GeoOrchestration.Core.Tests.Support;
using GeoOrchestration.Errors;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.Core.Tests.Parameters;

public sealed class ParameterSchemaTests
{
    [Fact]
    public void For_UnsupportedPropertyType_NamesThePropertyAndType()
    {
        var error = Assert.Throws<GeoConfigurationException>(() => ParameterSchema.For(typeof(UnsupportedTypeParameters)));

        Assert.Contains("UnsupportedTypeParameters.Threshold", error.Message);
        Assert.Contains("Single", error.Message);
    }

    [Fact]
    public void For_PropertyWithoutSetter_IsRefused()
    {
        var error = Assert.Throws<GeoConfigurationException>(() => ParameterSchema.For(typeof(ReadOnlyParameters)));

        Assert.Contains("ReadOnlyParameters.Fixed", error.Message);
    }

    [Fact]
    public void For_SameNameTwice_IsRefused()
    {
        var error = Assert.Throws<GeoConfigurationException>(() => ParameterSchema.For(typeof(DuplicateNameParameters)));

        Assert.Contains("'size' twice", error.Message);
    }

    [Fact]
    public void For_NoParameterlessConstructor_IsRefused()
    {
        var error = Assert.Throws<GeoConfigurationException>(() => ParameterSchema.For(typeof(NoDefaultConstructorParameters)));

        Assert.Contains("parameterless constructor", error.Message);
    }

    [Fact]
    public void For_Initialisers_BecomeDefaults()
    {
        var schema = ParameterSchema.For(typeof(DefaultsParameters));
        string? DefaultOf(string name) => Assert.Single(schema.Parameters, p => p.Name == name).Default?.ToJsonString();

        Assert.Equal("5", DefaultOf("retries"));
        Assert.Equal("10000000000", DefaultOf("budget"));
        Assert.Equal("0.25", DefaultOf("ratio"));
        Assert.Equal("true", DefaultOf("dry_run"));
        Assert.Equal("\"fast\"", DefaultOf("mode"));
        Assert.Equal("""["a","b"]""", DefaultOf("tags"));
        Assert.Null(DefaultOf("note"));
        Assert.Null(DefaultOf("target"));
    }

    [Fact]
    public void For_PropertyTypes_MapToKinds()
    {
        var kinds = ParameterSchema.For(typeof(DefaultsParameters)).Parameters.ToDictionary(p => p.Name, p => p.Kind);

        Assert.Equal(ParameterKind.Integer, kinds["retries"]);
        Assert.Equal(ParameterKind.Integer, kinds["budget"]);
        Assert.Equal(ParameterKind.Number, kinds["ratio"]);
        Assert.Equal(ParameterKind.Boolean, kinds["dry_run"]);
        Assert.Equal(ParameterKind.String, kinds["mode"]);
        Assert.Equal(ParameterKind.StringArray, kinds["tags"]);
    }

    [Fact]
    public void For_SameType_ReturnsCachedSchema()
    {
        Assert.Same(ParameterSchema.For(typeof(OptionsParameters)), ParameterSchema.For(typeof(OptionsParameters)));
    }

    [Fact]
    public void Describe_HelloWorld_ListsRulesAndDefaults()
    {
        var described = Validation.HelloWorld.Describe();

        Assert.Collection(described,
            count =>
            {
                Assert.Equal("count", (string?)count!["name"]);
                Assert.Equal("integer", (string?)count["type"]);
                Assert.False((bool)count["required"]!);
                Assert.Equal(3L, (long)count["default"]!);
                Assert.Equal(1, (double)count["minimum"]!);
                Assert.Equal(1000, (double)count["maximum"]!);
                Assert.Null(count["minItems"]);
                Assert.Null(count["allowed"]);
                Assert.Contains("greetings", (string?)count["description"]);
            },
            names =>
            {
                Assert.Equal("names", (string?)names!["name"]);
                Assert.Equal("array of strings", (string?)names["type"]);
                Assert.Null(names["default"]);
                Assert.Null(names["minimum"]);
                Assert.Equal(1, (int)names["minItems"]!);
                Assert.Equal(1000, (int)names["maxItems"]!);
                Assert.Equal(1, (int)names["minLength"]!);
                Assert.Equal(100, (int)names["maxLength"]!);
            });
    }

    [Fact]
    public void Describe_AllowedValuesAndRequired_AreShown()
    {
        var mode = Validation.Options.Describe()[0]!;

        Assert.Equal("mode", (string?)mode["name"]);
        Assert.True((bool)mode["required"]!);
        Assert.Equal("""["fast","slow"]""", mode["allowed"]!.ToJsonString());
        Assert.Equal("How fast to go.", (string?)mode["description"]);
    }

    [Fact]
    public void Describe_EveryEntry_HasTheSameKeys()
    {
        var keys = Validation.Options.Describe().Select(e => string.Join(",", e!.AsObject().Select(p => p.Key))).Distinct();

        Assert.Equal("name,type,required,default,minimum,maximum,minLength,maxLength,minItems,maxItems,allowed,exclusiveWith,description", Assert.Single(keys));
    }

    [Fact]
    public void Describe_Twice_DoesNotShareDefaultNodes()
    {
        var first = Validation.HelloWorld.Describe();
        first[0]!["default"] = JsonValue.Create(99);

        Assert.Equal(3L, (long)Validation.HelloWorld.Describe()[0]!["default"]!);
    }
}
