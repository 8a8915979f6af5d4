using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DefenderIosGen.Benchmarks.Corpus;

/// <summary>
/// Writes realistic Defender export records (the real envelope, CRLF line ends) for the nine tables of
/// the snapshot samples, in the proportions of a real tenant (network and process events dominate),
/// iOS and desktop devices, with the nulls, loose types and escaped strings real exports have. The same
/// seed gives the same bytes.
/// </summary>
public sealed class CorpusGenerator(int seed)
{
    private static readonly (string Table, int Weight)[] Tables =
    [
        ("DeviceNetworkEvents", 34), ("DeviceProcessEvents", 24), ("DeviceFileEvents", 14), ("DeviceEvents", 12),
        ("DeviceLogonEvents", 6), ("EmailEvents", 4), ("DeviceInfo", 3), ("AlertEvidence", 2), ("AlertInfo", 1),
    ];

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Urls =
    [
        "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=4765445b-32c6-49b0-83e6-1d93765276ca&response_type=code",
        "https://teams.microsoft.com/api/mt/part/emea-02/beta/users/", "hxxp://paypa1-secure-login.example/verify?id=19af",
        "https://www.bing.com/search?q=defender+for+endpoint+ios", "http://free-gift-cards.example.net/claim", "outlook.office365.com",
        "https://cdn.contoso.com/assets/app.js?v=20260718", null!,
    ];

    private static readonly string[] WindowsProcesses = ["msedge.exe", "svchost.exe", "powershell.exe", "chrome.exe", "teams.exe", "OneDrive.exe", "MsMpEng.exe", "explorer.exe", "rundll32.exe", "WINWORD.EXE"];
    private static readonly string[] Subjects = ["Action required: your account is limited", "Re: Q3 invoice", "Your weekly digest 📰", "Réunion de l'équipe — ordre du jour", "FW: \"urgent\" wire transfer", "Lieferschein Nr. 4711 – Übersicht"];

    private readonly Random _random = new(seed);
    private readonly string _tenant = "9f2c1e7a-4b3d-4c8e-9a61-2d5f7b8c0e13";
    private DateTime _clock = new(2026, 7, 18, 0, 0, 0, DateTimeKind.Utc);
    private long _reportId = 10_000;

    /// <summary>Writes records until at least <paramref name="bytes"/> bytes have been written; returns how many.</summary>
    public long Write(Stream output, long bytes)
    {
        long written = 0;
        return WriteWhile(output, () => PickTable(), _ => written < bytes, length => written += length);
    }

    /// <summary>Writes exactly <paramref name="count"/> records.</summary>
    public void WriteRecords(Stream output, int count) => WriteWhile(output, () => PickTable(), n => n < count, _ => { });

    /// <summary>Writes <paramref name="count"/> records of one table (for loading an export container by container).</summary>
    public void WriteTableRecords(Stream output, string table, int count) => WriteWhile(output, () => table, n => n < count, _ => { });

    private long WriteWhile(Stream output, Func<string> table, Func<long, bool> more, Action<long> wrote)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using var json = new Utf8JsonWriter(buffer, Options);
        long records = 0;
        while (more(records))
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            WriteRecord(json, table());
            json.Flush();
            output.Write(buffer.WrittenSpan);
            output.Write("\r\n"u8);
            wrote(buffer.WrittenCount + 2);
            records++;
        }

        return records;
    }

    private string PickTable()
    {
        var roll = _random.Next(100);
        foreach (var (table, weight) in Tables)
        {
            if ((roll -= weight) < 0)
            {
                return table;
            }
        }

        return Tables[0].Table;
    }

    private void WriteRecord(Utf8JsonWriter w, string table)
    {
        _clock = _clock.AddMilliseconds(_random.Next(1, 40));
        var eventTime = _clock.AddSeconds(-_random.Next(0, 300));
        w.WriteStartObject();
        w.WriteString("time", Stamp(_clock.AddSeconds(_random.Next(60, 400))));
        w.WriteString("tenantId", _tenant);
        w.WriteString("operationName", "Publish");
        w.WriteString("category", "AdvancedHunting-" + table);
        w.WriteStartObject("properties");
        w.WriteString("Timestamp", Stamp(eventTime));
        var ios = table is "DeviceNetworkEvents" or "DeviceEvents" or "DeviceLogonEvents" or "DeviceInfo" && _random.Next(100) < 35;
        switch (table)
        {
            case "EmailEvents":
                WriteEmail(w);
                break;
            case "AlertInfo":
                WriteAlertInfo(w);
                break;
            case "AlertEvidence":
                WriteAlertEvidence(w);
                break;
            default:
                WriteDevice(w, ios);
                WriteTable(w, table, ios);
                if (!ios && table != "DeviceInfo")
                {
                    WriteProcess(w);
                }
                else if (table != "DeviceInfo")
                {
                    WriteIosProcess(w);
                }

                break;
        }

        // Internal keys that exports sometimes carry: noise the mapper must skip.
        if (_random.Next(10) == 0)
        {
            w.WriteStartObject("__UDI_RequiredFields_DeviceId");
            w.WriteString("Source", "MTP");
            w.WriteEndObject();
        }

        w.WriteEndObject();
        if (_random.Next(10) < 8)
        {
            w.WriteString("_TimeReceivedBySvc", _clock.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture));
            w.WriteString("Tenant", "DefaultTenant");
        }

        w.WriteEndObject();
    }

    private void WriteDevice(Utf8JsonWriter w, bool ios)
    {
        var device = _random.Next(ios ? 400 : 2000);
        w.WriteString("DeviceId", Hex(device, 40));
        w.WriteString("DeviceName", ios ? $"iphone-{device:D4}" : $"wks-{device:D4}.contoso.local");
        w.WriteNumber("ReportId", _reportId++);
        w.WriteString("MachineGroup", ios ? "iOS devices" : "Workstations");
        w.WriteString("AppGuardContainerId", "");
    }

    private void WriteTable(Utf8JsonWriter w, string table, bool ios)
    {
        switch (table)
        {
            case "DeviceNetworkEvents":
                w.WriteString("ActionType", _random.Next(5) == 0 ? "ConnectionFailed" : "ConnectionSuccess");
                w.WriteString("RemoteIP", $"{_random.Next(1, 223)}.{_random.Next(256)}.{_random.Next(256)}.{_random.Next(256)}");
                w.WriteNumber("RemotePort", _random.Next(3) == 0 ? 80 : 443);
                NullableString(w, "RemoteUrl", Urls[_random.Next(Urls.Length)]);
                w.WriteString("LocalIP", $"10.{_random.Next(256)}.{_random.Next(256)}.{_random.Next(256)}");
                w.WriteNumber("LocalPort", _random.Next(49152, 65535));
                w.WriteString("Protocol", "Tcp");
                w.WriteString("RemoteIPType", "Public");
                if (ios && _random.Next(4) == 0)
                {
                    w.WriteString("AdditionalFields", "{\"webProtectionAction\":\"Blocked\",\"threatCategory\":\"Phishing\"}");
                    w.WriteString("ThreatTypes", "Phish");
                }
                else
                {
                    w.WriteNull("AdditionalFields");
                }

                break;
            case "DeviceProcessEvents":
                w.WriteString("ActionType", "ProcessCreated");
                var name = WindowsProcesses[_random.Next(WindowsProcesses.Length)];
                w.WriteString("FileName", name);
                w.WriteString("FolderPath", @"C:\Windows\System32\" + name);
                w.WriteNumber("ProcessId", _random.Next(4, 65000));
                w.WriteString("ProcessCommandLine", $"\"{name}\" -NoProfile -Command \"Get-Item 'C:\\Users\\u{_random.Next(500)}\\AppData'\"");
                w.WriteString("ProcessTokenElevation", _random.Next(3) == 0 ? "TokenElevationTypeFull" : "TokenElevationTypeDefault");
                w.WriteBoolean("IsProcessRemoteSession", false);
                w.WriteNull("AdditionalFields");
                break;
            case "DeviceFileEvents":
                w.WriteString("ActionType", _random.Next(3) switch { 0 => "FileCreated", 1 => "FileModified", _ => "FileDeleted" });
                w.WriteString("FileName", $"report-{_random.Next(1000)}.docx");
                w.WriteString("FolderPath", $@"C:\Users\u{_random.Next(500)}\Documents\report.docx");
                w.WriteString("SHA256", Hex(_random.Next(), 64));
                w.WriteNumber("FileSize", _random.Next(1, 50_000_000));
                w.WriteString("AdditionalFields", "{\"FileType\":\"Document\"}");
                break;
            case "DeviceEvents":
                w.WriteString("ActionType", ios ? "SmartScreenUrlWarning" : "AntivirusScanCompleted");
                NullableString(w, "RemoteUrl", ios ? Urls[_random.Next(Urls.Length)] : null);
                w.WriteString("AdditionalFields", ios ? "{\"Experience\":\"Malicious\",\"IsPhishing\":true}" : "{\"ScanTypeIndex\":1}");
                break;
            case "DeviceLogonEvents":
                w.WriteString("ActionType", _random.Next(6) == 0 ? "LogonFailed" : "LogonSuccess");
                w.WriteString("AccountDomain", "contoso");
                w.WriteString("AccountName", $"user{_random.Next(500)}");
                w.WriteString("LogonType", ios ? "Interactive" : "Network");
                w.WriteString("AdditionalFields", "{\"IsLocalLogon\":" + (ios ? "true" : "false") + "}");
                break;
            default:
                w.WriteString("OSPlatform", ios ? "iOS" : "Windows11");
                w.WriteString("OSVersion", ios ? "18.5" : "10.0.22631");
                w.WriteString("Model", ios ? "iPhone 15 Pro" : "Latitude 7440");
                w.WriteString("Vendor", ios ? "Apple" : "Dell Inc.");
                w.WriteBoolean("IsAzureADJoined", !ios);
                w.WriteNull("AdditionalFields");
                break;
        }
    }

    private void WriteProcess(Utf8JsonWriter w)
    {
        var name = WindowsProcesses[_random.Next(WindowsProcesses.Length)];
        var user = _random.Next(500);
        w.WriteString("InitiatingProcessAccountDomain", "contoso");
        w.WriteString("InitiatingProcessAccountName", $"user{user}");
        w.WriteString("InitiatingProcessAccountSid", $"S-1-5-21-1004336348-1177238915-682003330-{1000 + user}");
        w.WriteString("InitiatingProcessAccountUpn", _random.Next(4) == 0 ? $"CONTOSO\\user{user}" : $"user{user}@contoso.com");
        w.WriteString("InitiatingProcessMD5", Hex(_random.Next(), 32));
        w.WriteString("InitiatingProcessSHA1", Hex(_random.Next(), 40));
        w.WriteString("InitiatingProcessSHA256", _random.Next(20) == 0 ? "" : Hex(_random.Next(), 64));
        w.WriteString("InitiatingProcessFileName", name);
        if (_random.Next(10) == 0)
        {
            w.WriteString("InitiatingProcessFileSize", "unknown");
        }
        else
        {
            w.WriteNumber("InitiatingProcessFileSize", _random.Next(10_000, 9_000_000));
        }

        w.WriteString("InitiatingProcessFolderPath", @"C:\Program Files\Vendor\" + name);
        w.WriteNumber("InitiatingProcessId", _random.Next(4, 65000));
        w.WriteString("InitiatingProcessCommandLine", $"\"{name}\" --type=renderer --lang=en-US \"C:\\Temp\\{_random.Next(1000)}.tmp\"");
        w.WriteString("InitiatingProcessCreationTime", Stamp(_clock.AddMinutes(-_random.Next(1, 600))));
        w.WriteNumber("InitiatingProcessParentId", _random.Next(4, 65000));
        w.WriteString("InitiatingProcessParentFileName", "explorer.exe");
        w.WriteString("InitiatingProcessParentCreationTime", Stamp(_clock.AddHours(-_random.Next(1, 48))));
        w.WriteString("InitiatingProcessVersionInfoCompanyName", "Microsoft Corporation");
        w.WriteString("InitiatingProcessVersionInfoProductName", "Microsoft® Windows® Operating System");
        w.WriteString("InitiatingProcessVersionInfoProductVersion", "10.0.22631.3880");
        w.WriteString("InitiatingProcessVersionInfoInternalFileName", name);
        w.WriteString("InitiatingProcessVersionInfoOriginalFileName", name);
        w.WriteString("InitiatingProcessVersionInfoFileDescription", name + " host");
        w.WriteString("InitiatingProcessTokenElevation", "TokenElevationTypeLimited");
        w.WriteString("InitiatingProcessIntegrityLevel", "Medium");
        w.WriteNumber("InitiatingProcessSessionId", _random.Next(0, 4));
        w.WriteBoolean("IsInitiatingProcessRemoteSession", _random.Next(50) == 0);
        w.WriteString("InitiatingProcessUniqueId", (1688849860263000L + _random.Next()).ToString(CultureInfo.InvariantCulture));
        w.WriteNumber("InitiatingProcessLogonId", _random.Next(1000, 999999));
    }

    private static void WriteIosProcess(Utf8JsonWriter w)
    {
        // iOS reports no process tree: these columns are null.
        foreach (var column in new[] { "InitiatingProcessAccountName", "InitiatingProcessFileName", "InitiatingProcessId", "InitiatingProcessCommandLine", "InitiatingProcessSHA256", "InitiatingProcessFolderPath" })
        {
            w.WriteNull(column);
        }
    }

    private void WriteEmail(Utf8JsonWriter w)
    {
        var inbound = _random.Next(4) != 0;
        var sender = inbound ? $"news{_random.Next(100)}@fabrikam.example" : $"user{_random.Next(500)}@contoso.com";
        w.WriteString("NetworkMessageId", Guid(_random.Next()));
        w.WriteString("InternetMessageId", $"<{Hex(_random.Next(), 24)}@mail.example.org>");
        w.WriteString("SenderMailFromAddress", sender);
        w.WriteString("SenderFromAddress", sender);
        w.WriteString("SenderDisplayName", "Fabrikam \"News\" — Ümlaut");
        w.WriteString("SenderMailFromDomain", sender[(sender.IndexOf('@') + 1)..]);
        w.WriteString("SenderFromDomain", sender[(sender.IndexOf('@') + 1)..]);
        NullableString(w, "SenderIPv4", _random.Next(3) == 0 ? null : $"198.51.100.{_random.Next(256)}");
        NullableString(w, "SenderIPv6", _random.Next(3) == 0 ? "2001:db8::25" : null);
        w.WriteString("RecipientEmailAddress", $"user{_random.Next(500)}@contoso.com");
        w.WriteString("RecipientObjectId", Guid(_random.Next()));
        w.WriteString("Subject", Subjects[_random.Next(Subjects.Length)]);
        w.WriteNumber("EmailClusterId", 3140229871L + _random.Next());
        w.WriteString("EmailDirection", inbound ? "Inbound" : "Outbound");
        w.WriteString("DeliveryAction", "Delivered");
        w.WriteString("DeliveryLocation", "Inbox/folder");
        w.WriteString("ThreatTypes", _random.Next(10) == 0 ? "Phish" : "");
        w.WriteString("AuthenticationDetails", "{\"SPF\":\"pass\",\"DKIM\":\"pass\",\"DMARC\":\"pass\",\"CompAuth\":\"pass\"}");
        w.WriteNumber("AttachmentCount", _random.Next(3));
        w.WriteNumber("UrlCount", _random.Next(20));
        w.WriteString("EmailLanguage", "en");
        w.WriteString("ReportId", Guid(_random.Next()) + "-1");
    }

    private void WriteAlertInfo(Utf8JsonWriter w)
    {
        w.WriteString("AlertId", "da6379123456789" + _random.Next());
        w.WriteString("Title", "Suspicious process launched by Office application");
        w.WriteString("Category", "Execution");
        w.WriteString("Severity", "High");
        w.WriteString("ServiceSource", "Microsoft Defender for Endpoint");
        w.WriteString("AttackTechniques", "[\"User Execution (T1204)\"]");
    }

    private void WriteAlertEvidence(Utf8JsonWriter w)
    {
        WriteAlertInfo(w);
        w.WriteString("EntityType", "File");
        w.WriteString("SHA256", Hex(_random.Next(), 64));
        w.WriteString("DeviceId", Hex(_random.Next(2000), 40));
        w.WriteString("DeviceName", $"wks-{_random.Next(2000):D4}.contoso.local");
        w.WriteStartObject("AdditionalFields");
        w.WriteString("Type", "file");
        w.WriteEndObject();
    }

    private static void NullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static string Stamp(DateTime time) => time.ToString("yyyy-MM-ddTHH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string Hex(int value, int length)
    {
        var seed = (uint)value * 2654435761u;
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            seed = (seed * 1103515245u) + 12345u;
            chars[i] = "0123456789abcdef"[(int)(seed >> 16) & 15];
        }

        return new string(chars);
    }

    private static string Guid(int value)
    {
        var hex = Hex(value, 32);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
