using DefenderIosGen.UdmCatalogTool;

// Usage: UdmCatalogTool <path/to/udm.proto> <output catalog.yaml> [root message, default UDM]
if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: DefenderIosGen.UdmCatalogTool <udm.proto> <udm-catalog.yaml> [RootMessage]");
    return 2;
}

var protoPath = args[0];
var outputPath = args[1];
var root = args.Length == 3 ? args[2] : "UDM";
try
{
    var schema = ProtoParser.Parse(File.ReadAllText(protoPath));
    if (!schema.Messages.ContainsKey(root))
    {
        Console.Error.WriteLine($"error: message '{root}' is not defined in {protoPath}");
        return 1;
    }

    var yaml = CatalogWriter.Write(schema, root, Path.GetFileName(protoPath));
    File.WriteAllText(outputPath, yaml);
    Console.Error.WriteLine($"wrote {outputPath}: {schema.Messages.Count} messages and {schema.Enums.Count} enums parsed");
    return 0;
}
catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
