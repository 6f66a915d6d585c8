using Azure.Identity;
using Azure.Messaging.ServiceBus;
using GeoOrchestration.Errors;

namespace GeoOrchestration.ServiceBus.Tests.Transport;

public sealed class ServiceBusErrorMapTests
{
    private const string Key = "c2VjcmV0LWtleS1ub3QtdG8tYmUtc2hvd24=";
    private static readonly ServiceBusTransportOptions Options = new()
    {
        ConnectionString = $"Endpoint=sb://127.0.0.1:5673;SharedAccessKeyName=geo-worker;SharedAccessKey={Key};UseDevelopmentEmulator=true",
    };

    [Theory]
    [InlineData(ServiceBusFailureReason.ServiceBusy, ServiceBusErrorKind.Transient)]
    [InlineData(ServiceBusFailureReason.ServiceTimeout, ServiceBusErrorKind.Transient)]
    [InlineData(ServiceBusFailureReason.ServiceCommunicationProblem, ServiceBusErrorKind.Transient)]
    [InlineData(ServiceBusFailureReason.QuotaExceeded, ServiceBusErrorKind.Transient)]
    [InlineData(ServiceBusFailureReason.MessagingEntityNotFound, ServiceBusErrorKind.Configuration)]
    [InlineData(ServiceBusFailureReason.MessagingEntityDisabled, ServiceBusErrorKind.Configuration)]
    [InlineData(ServiceBusFailureReason.MessageLockLost, ServiceBusErrorKind.LockLost)]
    [InlineData(ServiceBusFailureReason.MessageNotFound, ServiceBusErrorKind.LockLost)]
    [InlineData(ServiceBusFailureReason.MessageSizeExceeded, ServiceBusErrorKind.Permanent)]
    public void Classify_ServiceBusReason_MapsToTheEngineKind(ServiceBusFailureReason reason, ServiceBusErrorKind expected) =>
        Assert.Equal(expected, ServiceBusErrorMap.Classify(new ServiceBusException("x", reason, "geo-tasks")));

    [Fact]
    public void Classify_GeneralError_FollowsTheClientsTransientFlag()
    {
        Assert.Equal(ServiceBusErrorKind.Transient, ServiceBusErrorMap.Classify(new ServiceBusException(true, "link detached")));
        Assert.Equal(ServiceBusErrorKind.Permanent, ServiceBusErrorMap.Classify(new ServiceBusException(false, "argument-error")));
    }

    [Fact]
    public void Classify_RefusedOrTokenlessIdentity_IsConfiguration()
    {
        Assert.Equal(ServiceBusErrorKind.Configuration, ServiceBusErrorMap.Classify(new UnauthorizedAccessException("Unauthorized access. 'Send' claim(s) are required")));
        Assert.Equal(ServiceBusErrorKind.Configuration, ServiceBusErrorMap.Classify(new CredentialUnavailableException("no managed identity endpoint")));
        Assert.Equal(ServiceBusErrorKind.Configuration, ServiceBusErrorMap.Classify(new AuthenticationFailedException("AADSTS700016")));
    }

    [Fact]
    public void Classify_SocketsTimeoutsAndASingleAggregate_AreTransient()
    {
        Assert.True(ServiceBusErrorMap.IsTransient(new System.Net.Sockets.SocketException(111)));
        Assert.True(ServiceBusErrorMap.IsTransient(new TimeoutException()));
        Assert.True(ServiceBusErrorMap.IsTransient(new AggregateException(new ServiceBusException("x", ServiceBusFailureReason.ServiceBusy))));
        Assert.False(ServiceBusErrorMap.IsTransient(new InvalidOperationException()));
    }

    [Fact]
    public void ToGeoException_MissingQueue_IsAOneLineConfigurationErrorNamingTheQueue()
    {
        var error = ServiceBusErrorMap.ToGeoException(new ServiceBusException("The messaging entity 'sb://127.0.0.1/geo-tasks' could not be found.",
            ServiceBusFailureReason.MessagingEntityNotFound, "geo-tasks"), ServiceBusPlace.Of(Options), "geo-tasks");
        var configuration = OneLineConfigurationError(error, ServiceBusErrorMap.QueueNotFoundId);
        Assert.Contains("'geo-tasks'", configuration.Message);
        Assert.Contains("127.0.0.1:5673", configuration.Message);
    }

    [Fact]
    public void ToGeoException_RefusedIdentity_NamesTheKeyNameButNotTheKey()
    {
        var error = ServiceBusErrorMap.ToGeoException(new UnauthorizedAccessException("InvalidSignature"), ServiceBusPlace.Of(Options), "geo-control");
        var configuration = OneLineConfigurationError(error, ServiceBusErrorMap.AccessDeniedId);
        Assert.Contains("'geo-worker'", configuration.Message);
        Assert.Contains("'geo-control'", configuration.Message);
    }

    [Fact]
    public void ToGeoException_ACredentialThatGetsNoToken_NamesTheGivenIdentity()
    {
        var place = ServiceBusPlace.Of(new ServiceBusTransportOptions { FullyQualifiedNamespace = "geo-prod", Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId("1111-2222")), IdentityName = "managed identity 1111-2222" });
        var error = ServiceBusErrorMap.ToGeoException(new CredentialUnavailableException("ManagedIdentityCredential authentication unavailable."), place, null);
        var configuration = Assert.IsType<GeoConfigurationException>(error);
        Assert.Equal(ServiceBusErrorMap.CredentialFailedId, configuration.ErrorId);
        Assert.Contains("managed identity 1111-2222", configuration.Message);
        Assert.Contains("geo-prod.servicebus.windows.net", configuration.Message);
    }

    [Fact]
    public void ToGeoException_Transient_IsTransportUnavailable_AndABugIsLeftAlone()
    {
        var place = ServiceBusPlace.Of(Options);
        var busy = ServiceBusErrorMap.ToGeoException(new ServiceBusException("busy", ServiceBusFailureReason.ServiceBusy), place, "geo-tasks");
        Assert.Equal(GeoErrorCategory.Unavailable, Assert.IsType<GeoTransportUnavailableException>(busy).Category);
        Assert.Contains("ServiceBusy", busy!.Message);
        Assert.Null(ServiceBusErrorMap.ToGeoException(new ServiceBusException("too big", ServiceBusFailureReason.MessageSizeExceeded), place, "geo-tasks"));
    }

    [Fact]
    public void PlaceOf_AMalformedConnectionString_DoesNotQuoteIt()
    {
        var error = Assert.Throws<FormatException>(() => ServiceBusPlace.Of(new ServiceBusTransportOptions { ConnectionString = $"Endpoint=;SharedAccessKey={Key};=" }));
        Assert.DoesNotContain(Key, error.Message);
    }

    /// <summary>A configuration error with the id, in one line, naming no key or connection string.</summary>
    private static GeoConfigurationException OneLineConfigurationError(GeoException? error, string errorId)
    {
        var configuration = Assert.IsType<GeoConfigurationException>(error);
        Assert.Equal(errorId, configuration.ErrorId);
        Assert.DoesNotContain('\n', configuration.Message);
        Assert.DoesNotContain(Key, configuration.Message);
        Assert.DoesNotContain("SharedAccessKey=", configuration.Message);
        return configuration;
    }
}
