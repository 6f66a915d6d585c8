using Azure.Messaging.ServiceBus;
using GeoOrchestration.Identity;
using GeoOrchestration.Store;

namespace GeoOrchestration.ServiceBus.Tests.Transport;

public sealed class WorkAttemptCodecTests
{
    private static readonly string Job = new('a', 64);

    public static TheoryData<WorkAttempt> Attempts() => new()
    {
        new WorkAttempt(WorkKind.PlanStage, Job, 1, null, 1),
        new WorkAttempt(WorkKind.Finalize, Job, 3, null, 2),
        new WorkAttempt(WorkKind.RunTask, Job, 2, JobIdentity.TaskId(Job, 2, "tile-0001"), 5),
        new WorkAttempt(WorkKind.RunTask, Job, 1200, JobIdentity.TaskId(Job, 1200, new string('k', JobIdentity.MaxTaskKeyLength)), 123456),
    };

    [Theory]
    [MemberData(nameof(Attempts))]
    public void EncodeThenDecode_GivesTheSameAttempt(WorkAttempt attempt)
    {
        var sent = WorkAttemptCodec.Encode(attempt);
        Assert.Equal(attempt, WorkAttemptCodec.Decode(Received(sent)));
        Assert.Equal(WorkAttemptCodec.ContentType, sent.ContentType);
        Assert.Equal(WorkAttemptCodec.KindName(attempt.Kind), sent.Subject);
        Assert.True(sent.MessageId.Length <= WorkAttemptCodec.MaxMessageIdLength);
    }

    [Fact]
    public void MessageId_NamesTheItemAndTheTurn()
    {
        var task = JobIdentity.TaskId(Job, 2, "tile-0001");
        Assert.Equal($"{task}.5", WorkAttemptCodec.MessageId(new WorkAttempt(WorkKind.RunTask, Job, 2, task, 5)));
        Assert.Equal($"{Job}.plan3.1", WorkAttemptCodec.MessageId(new WorkAttempt(WorkKind.PlanStage, Job, 3, null, 1)));
        Assert.Equal($"{Job}.finalize.2", WorkAttemptCodec.MessageId(new WorkAttempt(WorkKind.Finalize, Job, 3, null, 2)));
        // A new turn of the same item is a new message: duplicate detection must not drop a retry.
        Assert.NotEqual(WorkAttemptCodec.MessageId(new WorkAttempt(WorkKind.RunTask, Job, 2, task, 5)),
            WorkAttemptCodec.MessageId(new WorkAttempt(WorkKind.RunTask, Job, 2, task, 6)));
    }

    [Fact]
    public void MessageId_OfALongTaskId_IsAHashThatStaysTheSameAndDiffersByTurn()
    {
        var task = JobIdentity.TaskId(Job, 1200, new string('k', JobIdentity.MaxTaskKeyLength));
        Assert.True($"{task}.123456".Length > WorkAttemptCodec.MaxMessageIdLength);
        var first = WorkAttemptCodec.MessageId(new WorkAttempt(WorkKind.RunTask, Job, 1200, task, 123456));
        Assert.StartsWith("h-", first);
        Assert.Equal(66, first.Length);
        Assert.Equal(first, WorkAttemptCodec.MessageId(new WorkAttempt(WorkKind.RunTask, Job, 1200, task, 123456)));
        Assert.NotEqual(first, WorkAttemptCodec.MessageId(new WorkAttempt(WorkKind.RunTask, Job, 1200, task, 123457)));
    }

    [Fact]
    public void QueueOf_ControlWorkGoesToControl_TasksToTasks()
    {
        Assert.Equal(WorkQueue.Control, WorkAttemptCodec.QueueOf(new WorkAttempt(WorkKind.PlanStage, Job, 1, null, 1)));
        Assert.Equal(WorkQueue.Control, WorkAttemptCodec.QueueOf(new WorkAttempt(WorkKind.Finalize, Job, 1, null, 1)));
        Assert.Equal(WorkQueue.Tasks, WorkAttemptCodec.QueueOf(new WorkAttempt(WorkKind.RunTask, Job, 1, "t", 1)));
    }

    [Fact]
    public void Encode_WithADueTime_SchedulesTheMessage()
    {
        var due = new DateTimeOffset(2026, 12, 7, 12, 0, 30, TimeSpan.Zero);
        Assert.Equal(due, WorkAttemptCodec.Encode(new WorkAttempt(WorkKind.RunTask, Job, 1, "t", 2), due).ScheduledEnqueueTime);
        Assert.Equal(default, WorkAttemptCodec.Encode(new WorkAttempt(WorkKind.RunTask, Job, 1, "t", 2)).ScheduledEnqueueTime);
    }

    [Theory]
    [InlineData("not json", "not a work attempt's JSON")]
    [InlineData("""{"kind":"shuffle","job":"JOB","stage":1,"turn":1}""", "unknown kind")]
    [InlineData("""{"kind":"plan","job":"nope","stage":1,"turn":1}""", "malformed job id")]
    [InlineData("""{"kind":"plan","job":"JOB","stage":0,"turn":1}""", "at least 1")]
    [InlineData("""{"kind":"task","job":"JOB","stage":1,"turn":1}""", "task id")]
    [InlineData("""{"kind":"plan","job":"JOB","stage":1,"task":"t","turn":1}""", "task id")]
    public void Decode_ABodyThatIsNotAnAttempt_IsAFormatErrorSayingWhy(string body, string expected)
    {
        var message = ServiceBusModelFactory.ServiceBusReceivedMessage(body: BinaryData.FromString(body.Replace("JOB", Job)), messageId: "m-1");
        Assert.Contains(expected, Assert.Throws<FormatException>(() => WorkAttemptCodec.Decode(message)).Message);
    }

    [Fact]
    public void Decode_AnIdThatIsNotTheBodysOwn_IsRefused()
    {
        var sent = WorkAttemptCodec.Encode(new WorkAttempt(WorkKind.PlanStage, Job, 1, null, 1));
        var message = ServiceBusModelFactory.ServiceBusReceivedMessage(body: sent.Body, messageId: $"{Job}.plan1.2");
        Assert.Contains("does not carry the id", Assert.Throws<FormatException>(() => WorkAttemptCodec.Decode(message)).Message);
    }

    private static ServiceBusReceivedMessage Received(ServiceBusMessage sent) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(body: sent.Body, messageId: sent.MessageId, subject: sent.Subject, contentType: sent.ContentType);
}
