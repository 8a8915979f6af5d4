using System.Reflection;
using DefenderIosGen.Generator.Model;

namespace DefenderIosGen.Generator.Tests;

/// <summary>
/// Pipeline values must be equatable and free of Roslyn symbols, compilations and YAML nodes, or the
/// incremental generator silently stops caching (the rule the System.Text.Json generator enforces the same way).
/// </summary>
public sealed class ModelPurityTests
{
    [Fact]
    public void Model_types_hold_only_plain_equatable_data()
    {
        var roots = new[] { typeof(RuleFileModel), typeof(UdmCatalog), typeof(ValidationResult), typeof(MapperSpec) };
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>(roots);
        while (queue.Count > 0)
        {
            var type = queue.Dequeue();
            if (!seen.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string))
            {
                continue;
            }

            var ns = type.Namespace ?? "";
            Assert.False(ns.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal), $"{type} is a Roslyn type in the model");
            Assert.False(ns.StartsWith("YamlDotNet", StringComparison.Ordinal), $"{type} is a YamlDotNet type in the model");
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Nullable<>))
            {
                queue.Enqueue(type.GetGenericArguments()[0]);
                continue;
            }

            if (type.IsGenericType && type.Name.StartsWith("EquatableArray", StringComparison.Ordinal))
            {
                queue.Enqueue(type.GetGenericArguments()[0]);
                continue;
            }

            Assert.True(type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEquatable<>)), $"{type} is not equatable");
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                queue.Enqueue(field.FieldType);
            }
        }

        Assert.Contains(typeof(LocationInfo), seen);
    }
}
