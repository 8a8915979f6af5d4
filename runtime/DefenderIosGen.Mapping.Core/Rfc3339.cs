using System.Globalization;

namespace DefenderIosGen.Mapping;

/// <summary>Timestamps in and out: any ISO 8601 text in (no zone means UTC), RFC 3339 UTC out as proto3 JSON writes it.</summary>
public static class Rfc3339
{
    public static bool TryParse(ReadOnlySpan<char> text, out long utcTicks)
    {
        // Only ISO 8601 shapes (2026-07-18T14:08:56...), not every culture's date text DateTimeOffset would accept.
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' '))
        {
            utcTicks = 0;
            return false;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            utcTicks = parsed.UtcTicks;
            return true;
        }

        utcTicks = 0;
        return false;
    }

    /// <summary>Writes yyyy-MM-ddTHH:mm:ss[.fff|.ffffff|.fffffffff]Z (0, 3, 6 or 9 fraction digits, as proto3 JSON does).</summary>
    public static int Format(long utcTicks, Span<byte> destination)
    {
        var time = new DateTime(utcTicks, DateTimeKind.Utc);
        var at = 0;
        at = Digits(destination, at, time.Year, 4);
        destination[at++] = (byte)'-';
        at = Digits(destination, at, time.Month, 2);
        destination[at++] = (byte)'-';
        at = Digits(destination, at, time.Day, 2);
        destination[at++] = (byte)'T';
        at = Digits(destination, at, time.Hour, 2);
        destination[at++] = (byte)':';
        at = Digits(destination, at, time.Minute, 2);
        destination[at++] = (byte)':';
        at = Digits(destination, at, time.Second, 2);
        var nanos = (utcTicks % TimeSpan.TicksPerSecond) * 100;
        if (nanos != 0)
        {
            destination[at++] = (byte)'.';
            at = nanos % 1_000_000 == 0 ? Digits(destination, at, nanos / 1_000_000, 3)
                : nanos % 1_000 == 0 ? Digits(destination, at, nanos / 1_000, 6)
                : Digits(destination, at, nanos, 9);
        }

        destination[at++] = (byte)'Z';
        return at;
    }

    private static int Digits(Span<byte> destination, int at, long value, int width)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            destination[at + i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        return at + width;
    }
}
