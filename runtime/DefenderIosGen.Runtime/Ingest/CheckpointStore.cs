using Microsoft.Data.Sqlite;

namespace DefenderIosGen.Runtime.Ingest;

/// <summary>How far a blob has been delivered: the byte offset after the last delivered line, for this version of the blob.</summary>
public sealed record BlobCheckpoint(DateTimeOffset Created, long Offset, long Line);

/// <summary>
/// Per-blob checkpoints in SQLite (WAL, synchronous=FULL): each commit is one atomic, durable statement,
/// made only after the sink has durably accepted the events it covers. A crash therefore replays at most
/// the batch in flight and skips nothing.
/// </summary>
public sealed class CheckpointStore : IDisposable
{
    private readonly SqliteConnection _connection;

    public CheckpointStore(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS blob_checkpoint (
                feed TEXT NOT NULL,
                container TEXT NOT NULL,
                name TEXT NOT NULL,
                created_utc_ticks INTEGER NOT NULL,
                offset INTEGER NOT NULL,
                line INTEGER NOT NULL,
                updated_utc TEXT NOT NULL,
                PRIMARY KEY (feed, container, name));
            """);
    }

    public BlobCheckpoint? Get(string feed, string container, string name)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT created_utc_ticks, offset, line FROM blob_checkpoint WHERE feed = $feed AND container = $container AND name = $name";
        command.Parameters.AddWithValue("$feed", feed);
        command.Parameters.AddWithValue("$container", container);
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new BlobCheckpoint(new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), reader.GetInt64(1), reader.GetInt64(2)) : null;
    }

    /// <summary>Commits several blobs' checkpoints in one transaction: all of them or none.</summary>
    public void CommitAll(IReadOnlyList<(string Feed, string Container, string Name, BlobCheckpoint Checkpoint)> checkpoints)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var (feed, container, name, checkpoint) in checkpoints)
        {
            Commit(feed, container, name, checkpoint, transaction);
        }

        transaction.Commit();
    }

    public void Commit(string feed, string container, string name, BlobCheckpoint checkpoint, SqliteTransaction? transaction = null)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO blob_checkpoint (feed, container, name, created_utc_ticks, offset, line, updated_utc)
            VALUES ($feed, $container, $name, $created, $offset, $line, $updated)
            ON CONFLICT (feed, container, name) DO UPDATE SET
                created_utc_ticks = excluded.created_utc_ticks, offset = excluded.offset, line = excluded.line, updated_utc = excluded.updated_utc;
            """;
        command.Parameters.AddWithValue("$feed", feed);
        command.Parameters.AddWithValue("$container", container);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$created", checkpoint.Created.UtcTicks);
        command.Parameters.AddWithValue("$offset", checkpoint.Offset);
        command.Parameters.AddWithValue("$line", checkpoint.Line);
        command.Parameters.AddWithValue("$updated", DateTimeOffset.UtcNow.ToString("O"));
        command.ExecuteNonQuery();
    }

    public void Remove(string feed, string container, string name)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "DELETE FROM blob_checkpoint WHERE feed = $feed AND container = $container AND name = $name";
        command.Parameters.AddWithValue("$feed", feed);
        command.Parameters.AddWithValue("$container", container);
        command.Parameters.AddWithValue("$name", name);
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
