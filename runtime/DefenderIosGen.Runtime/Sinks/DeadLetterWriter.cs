using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DefenderIosGen.Runtime.Sinks;

/// <summary>Where a dead letter came from: the input's name and, for blobs, the container.</summary>
public readonly record struct DeadLetterOrigin(string Source, string PositionName, long Position, long Offset, string? Container = null);

/// <summary>
/// Records that could not be mapped, one JSON object per line, with where they came from and why, and the
/// record itself (as text, or base64 when it is not valid UTF-8) so that nothing is lost. The file is
/// created on the first dead letter only.
/// </summary>
public sealed class DeadLetterWriter(string path) : IAsyncDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private FileStream? _file;
    private Utf8JsonWriter? _writer;
    private readonly Lock _gate = new();

    public string Path { get; } = path;

    public long Count { get; private set; }

    /// <summary>Safe to call from several threads (the SecOps sink dead-letters from its senders).</summary>
    public void Write(DeadLetterOrigin origin, string reason, ReadOnlySpan<byte> record, long length)
    {
        lock (_gate)
        {
            WriteLocked(origin, reason, record, length);
        }
    }

    private void WriteLocked(DeadLetterOrigin origin, string reason, ReadOnlySpan<byte> record, long length)
    {
        if (_writer is null)
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            _file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            _writer = new Utf8JsonWriter(_file, Options);
        }

        _writer.WriteStartObject();
        if (origin.Container is not null)
        {
            _writer.WriteString("container", origin.Container);
        }

        _writer.WriteString("source", origin.Source);
        _writer.WriteNumber(origin.PositionName, origin.Position);
        _writer.WriteNumber("offset", origin.Offset);
        _writer.WriteNumber("length", length);
        _writer.WriteString("reason", reason);
        if (record.Length == length)
        {
            if (System.Text.Unicode.Utf8.IsValid(record))
            {
                _writer.WriteString("record", record);
            }
            else
            {
                _writer.WriteBase64String("recordBase64", record);
            }
        }

        _writer.WriteEndObject();
        _writer.Flush();
        _writer.Reset();
        _file!.WriteByte((byte)'\n');
        Count++;
    }

    public Task FlushAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _file?.Flush(flushToDisk: true);
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }

        if (_file is not null)
        {
            await _file.DisposeAsync().ConfigureAwait(false);
        }
    }
}
