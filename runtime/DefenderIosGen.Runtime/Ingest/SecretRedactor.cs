namespace DefenderIosGen.Runtime.Ingest;

/// <summary>
/// Knows the secrets of this run (keys, SAS tokens and their signatures, connection strings) and removes
/// them from any text before it is logged or printed, whatever library produced the text.
/// </summary>
public sealed class SecretRedactor
{
    private readonly List<string> _secrets = [];

    public void Add(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 6)
        {
            return;
        }

        _secrets.Add(secret);
        _secrets.Add(Uri.EscapeDataString(secret));
        foreach (var part in secret.TrimStart('?').Split('&', ';'))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && part[..equals] is "sig" or "AccountKey" or "SharedAccessSignature")
            {
                var value = part[(equals + 1)..];
                _secrets.Add(value);
                _secrets.Add(Uri.UnescapeDataString(value));
                _secrets.Add(Uri.EscapeDataString(Uri.UnescapeDataString(value)));
            }
        }

        _secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
    }

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            if (secret.Length >= 6)
            {
                text = text.Replace(secret, "[REDACTED]", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
