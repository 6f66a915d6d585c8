namespace GeoOrchestration.Engine;

/// <summary>Why the worker cancelled a running handler; decides what is recorded for the task.</summary>
internal enum StopReason
{
    None,
    /// <summary>The job was cancelled or failed meanwhile: the task is cancelled.</summary>
    JobEnded,
    /// <summary>The attempt ran past its task timeout: the task fails.</summary>
    TimedOut,
    /// <summary>Another worker owns the task now (this one's lease lapsed): nothing is recorded.</summary>
    LeaseLost,
    /// <summary>The worker is shutting down: the task is released without counting the attempt.</summary>
    Shutdown,
}
