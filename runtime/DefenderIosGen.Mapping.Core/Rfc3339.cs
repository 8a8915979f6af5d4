using System.Globalization;

namespace DefenderIosGen.Mapping;

/// <summary>Timestamps in and out: any ISO 8601 text in (no zone means UTC), RFC 3339 UTC out as proto3 JSON writes it.</summary>
public static class Rfc3339
{
    /// <summary>
    /// The common shape, <c>yyyy-MM-ddTHH:mm:ss[.f…][Z|±hh:mm]</c>, read straight from UTF-8; anything else
    /// falls back to the general ISO 8601 parser.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out long utcTicks)
    {
        if (TryParseCommon(text, out utcTicks))
        {
            return true;
        }

        Span<char> chars = stackalloc char[64];
        if (text.Length > chars.Length || System.Text.Encoding.UTF8.GetChars(text, chars) is var count && count != text.Length)
        {
            utcTicks = 0;
            return false;
        }

        return TryParse(chars[..text.Length], out utcTicks);
    }

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

    private static bool TryParseCommon(ReadOnlySpan<byte> t, out long utcTicks)
    {
        utcTicks = 0;
        if (t.Length < 19 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':'
            || !Digits(t, 0, 4, out var year) || !Digits(t, 5, 2, out var month) || !Digits(t, 8, 2, out var day)
            || !Digits(t, 11, 2, out var hour) || !Digits(t, 14, 2, out var minute) || !Digits(t, 17, 2, out var second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var at = 19;
        long fraction = 0;
        if (at < t.Length && t[at] == '.')
        {
            var digits = 0;
            at++;
            while (at < t.Length && (uint)(t[at] - '0') <= 9)
            {
                // Ticks are 100 ns: digits past the seventh are dropped, as DateTime does.
                if (digits < 7)
                {
                    fraction = (fraction * 10) + (t[at] - '0');
                }

                digits++;
                at++;
            }

            if (digits == 0)
            {
                return false;
            }

            for (var i = digits; i < 7; i++)
            {
                fraction *= 10;
            }
        }

        long offsetTicks = 0;
        if (at < t.Length && (t[at] == 'Z' || t[at] == 'z'))
        {
            at++;
        }
        else if (at < t.Length && (t[at] == '+' || t[at] == '-'))
        {
            if (at + 6 != t.Length || t[at + 3] != ':' || !Digits(t, at + 1, 2, out var offsetHours) || !Digits(t, at + 4, 2, out var offsetMinutes) || offsetHours > 14 || offsetMinutes > 59)
            {
                return false;
            }

            offsetTicks = ((offsetHours * 60L) + offsetMinutes) * TimeSpan.TicksPerMinute * (t[at] == '-' ? -1 : 1);
            at += 6;
        }

        if (at != t.Length)
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fraction;
        utcTicks = local - offsetTicks;
        return utcTicks >= DateTime.MinValue.Ticks && utcTicks <= DateTime.MaxValue.Ticks;
    }

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
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
