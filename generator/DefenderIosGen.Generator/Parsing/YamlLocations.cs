using DefenderIosGen.Generator.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DefenderIosGen.Generator.Parsing;

internal static class YamlLocations
{
    public static LocationInfo Of(string path, YamlNode node) => Between(path, node.Start, node.End);

    public static LocationInfo Between(string path, Mark start, Mark end)
    {
        var length = (int)(end.Index - start.Index);
        return new LocationInfo(
            path,
            (int)start.Index,
            length < 0 ? 0 : length,
            (int)start.Line - 1,
            (int)start.Column - 1,
            (int)end.Line - 1,
            (int)end.Column - 1);
    }
}
