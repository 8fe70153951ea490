using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace OcppCentral.Transport;

/// <summary>
/// A Kestrel connection's transport (after TLS, when there is TLS) as the stream a WebSocket runs on
/// (<see cref="OcppUpgradeMiddleware"/>). It holds no buffer of its own: a read copies from the pipe's buffers, a write
/// goes to the pipe. A zero-byte read waits for data without taking any. Disposing it (the WebSocket aborting itself, say
/// at a keep-alive timeout) ends a pending read with <see cref="ConnectionAbortedException"/>, as Kestrel's upgraded
/// stream does, so the end is told apart from the charger's side dropping the link (DisconnectReasons).
/// </summary>
internal sealed class TransportStream(ConnectionContext connection) : Stream
{
    private volatile bool _disposed;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (_disposed)
            {
                input.AdvanceTo(buffer.Start);
                throw new ConnectionAbortedException("The WebSocket ended the connection.");
            }
            if (!buffer.IsEmpty)
            {
                var length = (int)Math.Min(buffer.Length, destination.Length);
                buffer.Slice(0, length).CopyTo(destination.Span);
                input.AdvanceTo(buffer.GetPosition(length));
                return length;
            }
            input.AdvanceTo(buffer.End);
            if (result.IsCompleted || result.IsCanceled)
                return 0;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) =>
        await connection.Transport.Output.WriteAsync(source, cancellationToken).ConfigureAwait(false);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken) =>
        await connection.Transport.Output.FlushAsync(cancellationToken).ConfigureAwait(false);

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            // Ends a pending read; the connection itself is closed by Kestrel once the middleware returns, after what was written is sent.
            connection.Transport.Input.CancelPendingRead();
        }
        base.Dispose(disposing);
    }

    public override void Flush() => throw new NotSupportedException("Asynchronous only.");

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Asynchronous only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Asynchronous only.");

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
