using Newtonsoft.Json;

namespace OcppCentral.Protocol;

/// <summary>
/// Who sent a CALL, when the server received it, and the frame's text as it arrived. The context lives as long as
/// its handler, which may wait for a commit: it keeps the text (a few kilobytes) rather than the parsed payload (a
/// tree many times larger), so thousands of messages waiting at once stay cheap to hold and to garbage-collect.
/// </summary>
public sealed record OcppRequestContext(string ChargePointId, string MessageId, DateTimeOffset ReceivedAt, string FrameText)
{
    // Made by the first AfterAnswer (most CALLs register nothing) and locked itself, so a context costs no lock of its own.
    private List<Func<CancellationToken, Task>>? _afterAnswer;

    /// <summary>The payload as compact JSON text; read again from the frame only by those who keep it (orphans).</summary>
    public string PayloadText() =>
        FrameReader.Read(FrameText).Frame is OcppCall call ? call.Payload.ToString(Formatting.None) : FrameText;

    /// <summary>
    /// Work to run once the answer to this CALL has been sent (a server call to the charger, docs/charger-display.md):
    /// a handler answers first and never awaits a call to its charger. Dropped when the answer is a CALLERROR.
    /// </summary>
    public void AfterAnswer(Func<CancellationToken, Task> work)
    {
        while (true)
        {
            var list = Volatile.Read(ref _afterAnswer);
            if (list is null)
            {
                // Read again after the exchange would race a take; the list this call made or found is the one to lock.
                var made = new List<Func<CancellationToken, Task>>();
                list = Interlocked.CompareExchange(ref _afterAnswer, made, null) ?? made;
            }
            lock (list)
            {
                // Taken meanwhile: the work goes to a new list, for the next take.
                if (!ReferenceEquals(Volatile.Read(ref _afterAnswer), list))
                    continue;
                list.Add(work);
                return;
            }
        }
    }

    /// <summary>The work registered with <see cref="AfterAnswer"/>, in order; taken once.</summary>
    public IReadOnlyList<Func<CancellationToken, Task>> TakeAfterAnswer()
    {
        if (Interlocked.Exchange(ref _afterAnswer, null) is not { } work)
            return [];
        // Waits for an AfterAnswer that was adding to it.
        lock (work)
            return work;
    }
}
