namespace DefenderIosGen.Mapping;

/// <summary>
/// What a SecOps feed adds to every event it delivers: the asset namespace (on principal and target, when
/// the event has them) and the ingestion labels (metadata.ingestionLabels). Encoded once per feed.
/// </summary>
public sealed class FeedMetadata
{
    public FeedMetadata(string? assetNamespace, IEnumerable<KeyValuePair<string, string>> ingestionLabels)
    {
        Namespace = string.IsNullOrEmpty(assetNamespace) ? null : System.Text.Encoding.UTF8.GetBytes(assetNamespace);
        Labels = [.. ingestionLabels.Select(label => Encode(label.Key, label.Value))];
    }

    internal static byte[] NamespaceName { get; } = UdmJsonWriter.EncodeName("namespace");

    internal static byte[] IngestionLabelsName { get; } = UdmJsonWriter.EncodeName("ingestionLabels");

    internal byte[]? Namespace { get; }

    internal byte[][] Labels { get; }

    /// <summary>A label as an array item, <c>,{"key":"...","value":"..."}</c>, comma first as the writer expects.</summary>
    private static byte[] Encode(string key, string value)
    {
        var writer = new UdmJsonWriter();
        writer.StringMember(UdmJsonWriter.EncodeLabelPrefix(key), System.Text.Encoding.UTF8.GetBytes(value));
        writer.Raw("}"u8);
        return writer.Written.ToArray();
    }
}
