namespace DefenderIosGen.Runtime.Records;

/// <summary>Chooses the reader for an input by looking at its first bytes: a records document, or JSON Lines.</summary>
public static class RecordReaders
{
    private const int SniffBytes = 4096;

    public static IRecordReader Open(Stream stream, int maxRecordBytes)
    {
        var prefix = new byte[SniffBytes];
        var length = 0;
        int read;
        while (length < prefix.Length && (read = stream.Read(prefix, length, prefix.Length - length)) > 0)
        {
            length += read;
        }

        var replay = new PrefixedStream(prefix, length, stream);
        return IsRecordsDocument(prefix.AsSpan(0, length))
            ? new RecordsDocumentReader(replay, maxRecordBytes)
            : new JsonLinesReader(replay, maxRecordBytes);
    }

    /// <summary>True when the text starts with <c>{ "records" :</c> (white space and a BOM allowed).</summary>
    public static bool IsRecordsDocument(ReadOnlySpan<byte> start)
    {
        if (start.StartsWith("\uFEFF"u8))
        {
            start = start[3..];
        }

        start = start.TrimStart(" \t\r\n"u8);
        if (!start.StartsWith("{"u8))
        {
            return false;
        }

        start = start[1..].TrimStart(" \t\r\n"u8);
        if (!start.StartsWith("\"records\""u8))
        {
            return false;
        }

        return start["\"records\""u8.Length..].TrimStart(" \t\r\n"u8).StartsWith(":"u8);
    }
}
