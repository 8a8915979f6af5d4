namespace DefenderIosGen.UdmCatalogTool;

/// <summary>
/// Reads the subset of proto3 that udm.proto uses: messages and enums (nested), fields with
/// repeated/optional labels, maps, oneofs, options and reserved statements. Anything else is skipped
/// statement by statement, so a new construct in a future proto does not stop the catalog from being built.
/// </summary>
internal sealed class ProtoParser(List<string> tokens)
{
    private int _position;

    public static ProtoSchema Parse(string text)
    {
        var schema = new ProtoSchema();
        new ProtoParser(ProtoTokenizer.Tokenize(text)).ParseBody(schema, scope: "", topLevel: true);
        return schema;
    }

    private string Peek => _position < tokens.Count ? tokens[_position] : "";

    private string Next() => tokens[_position++];

    private void Expect(string token)
    {
        if (Next() != token)
        {
            throw new FormatException($"expected '{token}' near token {_position} ('{tokens[_position - 1]}')");
        }
    }

    private void ParseBody(ProtoSchema schema, string scope, bool topLevel, List<ProtoField>? fields = null)
    {
        while (_position < tokens.Count)
        {
            var token = Peek;
            if (token == "}")
            {
                if (topLevel)
                {
                    throw new FormatException("unbalanced '}'");
                }

                return;
            }

            switch (token)
            {
                case "message":
                    Next();
                    ParseMessage(schema, Qualify(scope, Next()));
                    break;
                case "enum":
                    Next();
                    ParseEnum(schema, Qualify(scope, Next()));
                    break;
                case "oneof" when fields is not null:
                    Next();
                    Next();
                    Expect("{");
                    ParseBody(schema, scope, topLevel: false, fields);
                    Expect("}");
                    break;
                case "syntax" or "package" or "import" or "option" or "reserved" or "extensions" or ";":
                    SkipStatement();
                    break;
                default:
                    if (fields is null)
                    {
                        SkipStatement();
                    }
                    else
                    {
                        fields.Add(ParseField());
                    }

                    break;
            }
        }
    }

    private void ParseMessage(ProtoSchema schema, string fullName)
    {
        Expect("{");
        var fields = new List<ProtoField>();
        ParseBody(schema, fullName, topLevel: false, fields);
        Expect("}");
        schema.Messages[fullName] = new ProtoMessage(fullName, fields);
    }

    private void ParseEnum(ProtoSchema schema, string fullName)
    {
        Expect("{");
        var values = new List<string>();
        while (Peek != "}")
        {
            if (Peek is "option" or "reserved" or ";")
            {
                SkipStatement();
                continue;
            }

            values.Add(Next());
            SkipStatement();
        }

        Expect("}");
        schema.Enums[fullName] = new ProtoEnum(fullName, values);
    }

    private ProtoField ParseField()
    {
        var repeated = false;
        if (Peek is "repeated" or "optional" or "required")
        {
            repeated = Next() == "repeated";
        }

        string typeName;
        var isMap = false;
        if (Peek == "map")
        {
            Next();
            Expect("<");
            Next();
            Expect(",");
            typeName = Next();
            Expect(">");
            isMap = true;
        }
        else
        {
            typeName = Next();
        }

        var name = Next();
        SkipStatement();
        return new ProtoField(name, typeName, repeated, isMap);
    }

    /// <summary>Skips to the end of the current statement, including any bracketed field options.</summary>
    private void SkipStatement()
    {
        var depth = 0;
        while (_position < tokens.Count)
        {
            var token = Next();
            if (token is "[" or "{" or "(")
            {
                depth++;
            }
            else if (token is "]" or "}" or ")")
            {
                depth--;
            }
            else if (token == ";" && depth == 0)
            {
                return;
            }
        }
    }

    private static string Qualify(string scope, string name) => scope.Length == 0 ? name : scope + "." + name;
}
