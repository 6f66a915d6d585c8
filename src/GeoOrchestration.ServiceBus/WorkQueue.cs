namespace GeoOrchestration.ServiceBus;

/// <summary>The transport's two queues: control work (plan a stage, finalize a job) and task attempts.</summary>
public enum WorkQueue
{
    /// <summary>Plan and finalize items (<see cref="ServiceBusTransportOptions.ControlQueue"/>).</summary>
    Control,

    /// <summary>Task attempts (<see cref="ServiceBusTransportOptions.TaskQueue"/>).</summary>
    Tasks,
}
