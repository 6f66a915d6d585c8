namespace GeoOrchestration.Errors;

/// <summary>
/// A job type or handler broke a promise the engine relies on (id <c>ContractViolation</c>): a plan
/// with duplicate task keys, a result JSON cannot hold. A permanent failure: fix the code, not the input.
/// </summary>
public sealed class GeoContractViolationException(string message, string errorId, Exception? innerException)
    : GeoPermanentException(message, errorId, innerException);
