using System.Text.Json;

namespace DefenderIosGen.Runtime.SecOps;

/// <summary>
/// What SecOps requires of an event before it accepts it (Google's UDM usage guide): a timestamp and a type,
/// a principal machine for STATUS_UPDATE, a principal and a target for NETWORK_CONNECTION, a sender or a
/// recipient for EMAIL_TRANSACTION. One invalid event rejects a whole request, so they are caught here.
/// </summary>
public static class UdmEventCheck
{
    public readonly record struct Result(string? Problem, int EventTypeStart, int EventTypeLength)
    {
        public bool IsValid => Problem is null;
    }

    public static Result Check(ReadOnlySpan<byte> udm)
    {
        var reader = new Utf8JsonReader(udm);
        Span<int> path = stackalloc int[4];
        var depth = 0;
        bool timestamp = false, principalMachine = false, principal = false, target = false, email = false;
        int typeStart = -1, typeLength = 0;
        ReadOnlySpan<byte> type = default;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.PropertyName when depth <= 3:
                    var key = Key(ref reader, depth, path);
                    path[depth] = key;
                    if (depth == 2 && path[1] == Principal)
                    {
                        principal = true;
                    }
                    else if (depth == 2 && path[1] == Target)
                    {
                        target = true;
                    }

                    if (key == Machine && (depth == 2 ? path[1] == Principal : path[1] == Principal && path[2] == Asset))
                    {
                        principalMachine = true;
                    }
                    else if (key == EmailParty && depth == 3 && path[1] == Network && path[2] == Email)
                    {
                        email = true;
                    }
                    else if (key == EventTimestamp && depth == 2 && path[1] == Metadata)
                    {
                        timestamp = true;
                    }
                    else if (key == EventType && depth == 2 && path[1] == Metadata)
                    {
                        reader.Read();
                        type = reader.ValueSpan;
                        typeStart = (int)reader.TokenStartIndex + 1;
                        typeLength = reader.ValueSpan.Length;
                    }

                    break;
            }
        }

        string? problem = !timestamp ? "metadata.eventTimestamp is missing"
            : typeStart < 0 ? "metadata.eventType is missing"
            : type.SequenceEqual("STATUS_UPDATE"u8) && !principalMachine ? "STATUS_UPDATE needs a principal machine (hostname, ip, mac or asset id)"
            : type.SequenceEqual("NETWORK_CONNECTION"u8) && !(principal && target) ? "NETWORK_CONNECTION needs a principal and a target"
            : type.SequenceEqual("EMAIL_TRANSACTION"u8) && !email ? "EMAIL_TRANSACTION needs network.email.from or network.email.to"
            : null;
        return new Result(problem, typeStart, typeLength);
    }

    /// <summary>The event with its type replaced by GENERIC_EVENT, which has no extra requirement.</summary>
    public static byte[] AsGeneric(ReadOnlySpan<byte> udm, Result check) =>
        [.. udm[..check.EventTypeStart], .. "GENERIC_EVENT"u8, .. udm[(check.EventTypeStart + check.EventTypeLength)..]];

    private const int Other = 0;
    private const int Metadata = 1;
    private const int Principal = 2;
    private const int Target = 3;
    private const int Network = 4;
    private const int EventTimestamp = 5;
    private const int EventType = 6;
    private const int Machine = 7;
    private const int Asset = 8;
    private const int Email = 9;
    private const int EmailParty = 10;

    private static int Key(ref Utf8JsonReader reader, int depth, scoped Span<int> path) => depth switch
    {
        1 when reader.ValueTextEquals("metadata"u8) => Metadata,
        1 when reader.ValueTextEquals("principal"u8) => Principal,
        1 when reader.ValueTextEquals("target"u8) => Target,
        1 when reader.ValueTextEquals("network"u8) => Network,
        2 when path[1] == Metadata && reader.ValueTextEquals("eventTimestamp"u8) => EventTimestamp,
        2 when path[1] == Metadata && reader.ValueTextEquals("eventType"u8) => EventType,
        2 when path[1] == Principal && reader.ValueTextEquals("asset"u8) => Asset,
        2 when path[1] == Network && reader.ValueTextEquals("email"u8) => Email,
        2 or 3 when IsMachineKey(ref reader) => Machine,
        3 when reader.ValueTextEquals("from"u8) || reader.ValueTextEquals("to"u8) => EmailParty,
        _ => Other,
    };

    private static bool IsMachineKey(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("hostname"u8) || reader.ValueTextEquals("ip"u8) || reader.ValueTextEquals("mac"u8) || reader.ValueTextEquals("assetId"u8);
}
