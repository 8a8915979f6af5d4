using DefenderIosGen.Benchmarks.Corpus;
using DefenderIosGen.Benchmarks.Interpreted;
using DefenderIosGen.Mapping;

namespace DefenderIosGen.Benchmarks;

/// <summary>Before anything is timed: both mappers must produce the same bytes for every record, or the comparison is meaningless.</summary>
public static class EquivalenceCheck
{
    public static void Run(CorpusRecords corpus, UdmMapper generated, InterpretedMapper interpreted)
    {
        for (var i = 0; i < corpus.Records.Length; i++)
        {
            var fast = generated.Map(corpus[i]);
            if (!fast.Success)
            {
                throw new InvalidOperationException($"record {i}: generated mapper failed: {fast.ErrorDetail}");
            }

            var slow = interpreted.Map(corpus[i]);
            // Compared as JSON: the two writers may escape the same text differently (both valid).
            if (!System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(fast.UdmEvent), System.Text.Json.Nodes.JsonNode.Parse(slow)))
            {
                throw new InvalidOperationException(
                    $"record {i}: the mappers disagree\n generated:   {System.Text.Encoding.UTF8.GetString(fast.UdmEvent)}\n interpreted: {System.Text.Encoding.UTF8.GetString(slow)}");
            }
        }
    }
}
