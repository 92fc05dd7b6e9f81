using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PolicyRules.Tests.Rules;

/// <summary>
/// Issue 18, read from the source: every bilingual string of src/ ("English / 中文", plain, interpolated
/// or joined with <c>+</c>) with the holes (<c>{expr}</c>, or the operands of a <c>+</c> join) each half
/// fills. A hole in one half only is a specific — a path, a name, a number — that one language loses.
/// </summary>
internal static partial class BilingualSourceLiterals
{
    /// <summary>One bilingual message of the source: where it is, its text and the holes of each half.</summary>
    internal sealed record Message(string Where, string Text, SortedSet<string> EnHoles, SortedSet<string> ZhHoles);

    /// <summary>Every bilingual message of the C# files under <paramref name="sourceRoot"/>.</summary>
    internal static IEnumerable<Message> Under(string sourceRoot)
    {
        foreach (var (where, template, holes, _, _) in Texts(sourceRoot))
        {
            if (template.Contains(" / ", StringComparison.Ordinal) && BilingualSpecifics.Halves(template) is var (en, zh))
            {
                yield return new Message(where, template, HolesOf(en, holes), HolesOf(zh, holes));
            }
        }
    }

    /// <summary>
    /// Every message of the C# files under <paramref name="sourceRoot"/> written as a pair — two texts side
    /// by side, English then Chinese: <c>Error(at, key, "English", "中文")</c>, <c>new Noun("file", "文件")</c>,
    /// <c>(En: "…", Zh: "…")</c> — joined as "English / 中文", with the holes of each half.
    /// </summary>
    internal static IEnumerable<Message> Pairs(string sourceRoot)
    {
        foreach (var file in SourceFiles(sourceRoot))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file).GetRoot();
            var lists = root.DescendantNodes().OfType<BaseArgumentListSyntax>().Select(l => l.Arguments.Select(a => a.Expression).ToList())
                .Concat(root.DescendantNodes().OfType<TupleExpressionSyntax>().Select(t => t.Arguments.Select(a => a.Expression).ToList()));
            foreach (var arguments in lists)
            {
                for (var i = 0; i + 1 < arguments.Count; i++)
                {
                    if (!IsText(arguments[i]) || !IsText(arguments[i + 1]))
                    {
                        continue;
                    }

                    var (enHoles, zhHoles) = (new List<string>(), new List<string>());
                    var (en, zh) = (new StringBuilder(), new StringBuilder());
                    Append(arguments[i], en, enHoles);
                    Append(arguments[i + 1], zh, zhHoles);
                    if (HasChinese(en.ToString()) || !HasChinese(zh.ToString()) || !EnglishWords().IsMatch(en.ToString()) || BilingualSpecifics.Halves(zh.ToString()) is not null)
                    {
                        continue; // a name or key beside a message ("(row group)", "pool-criteria"), not its English
                    }

                    // The Chinese half's markers are renumbered after the English half's, as in one string.
                    var zhText = Marker().Replace(zh.ToString(), m => $"⟦{int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + enHoles.Count}⟧");
                    var holes = enHoles.Concat(zhHoles).ToList();
                    var line = arguments[i].GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    yield return new Message($"{Path.GetRelativePath(sourceRoot, file).Replace('\\', '/')}:{line}", $"{en} / {zhText}", HolesOf(en.ToString(), holes), HolesOf(zhText, holes));
                }
            }
        }
    }

    /// <summary>
    /// The strings of the C# files under <paramref name="sourceRoot"/> that tell a reader where in a
    /// file something is — "row ⟦n⟧", "line ⟦n⟧", "column '⟦n⟧'" — in English only: no Chinese half.
    /// </summary>
    internal static IEnumerable<(string Where, string Text)> EnglishOnlyPlaces(string sourceRoot) =>
        Texts(sourceRoot)
            .Where(t => EnglishPlace().IsMatch(t.Template) && !HasChinese(t.Template) && !t.ChineseBeside)
            .Select(t => (t.Where, t.Template));

    /// <summary>
    /// Holes of a Chinese half that show English prose: a variable of the same member, not named for a
    /// language (…Zh, .Zh), whose value is built from English prose — <c>应为 {expected}</c> where
    /// <c>expected</c> is "DECIMAL, an integer type or STRING" — so the hole is in both halves and the
    /// hole comparison passes, while the Chinese reader gets English.
    /// </summary>
    internal static IEnumerable<(string Where, string Hole, string Prose)> EnglishInChineseHalves(string sourceRoot)
    {
        foreach (var (where, template, holes, _, node) in Texts(sourceRoot))
        {
            if (!template.Contains(" / ", StringComparison.Ordinal) || BilingualSpecifics.Halves(template) is not var (_, zh))
            {
                continue;
            }

            var member = node.Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax or LocalFunctionStatementSyntax);
            foreach (var hole in HolesOf(zh, holes))
            {
                var shown = SyntaxFactory.ParseExpression(hole);
                var variable = shown switch
                {
                    IdentifierNameSyntax id => id.Identifier.ValueText,
                    MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax id, Name: var part } when !LanguageSuffix().IsMatch(part.Identifier.ValueText) => id.Identifier.ValueText,
                    _ => null,
                };
                if (variable is null || LanguageSuffix().IsMatch(variable) || member is null)
                {
                    continue;
                }

                var values = member.DescendantNodes().OfType<VariableDeclaratorSyntax>().Where(v => v.Identifier.ValueText == variable).Select(v => v.Initializer?.Value)
                    .Concat(member.DescendantNodes().OfType<AssignmentExpressionSyntax>().Where(a => a.Left is IdentifierNameSyntax left && left.Identifier.ValueText == variable).Select(a => a.Right))
                    .OfType<ExpressionSyntax>();
                var prose = values.SelectMany(v => v.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>())
                    .Where(l => l.IsKind(SyntaxKind.StringLiteralExpression))
                    .Select(l => l.Token.ValueText)
                    .FirstOrDefault(t => !HasChinese(t) && BilingualSpecifics.IsEnglishProse(t));
                if (prose is not null)
                {
                    yield return (where, hole, prose);
                }
            }
        }
    }

    /// <summary>
    /// Holes of a Chinese half — the half after " / ", or a whole string in Chinese — that show an
    /// exception's <c>.Message</c> as it is: the runtime's or a library's English prose, told to the Chinese
    /// reader as if it were ours (<c>工作簿已损坏：{ex.Message}</c>). Such words are a value, quoted
    /// 「…」 after the exception's name (ForeignMessage.Quoted); a message that is ours in both languages
    /// shows its Chinese (<c>{ex.Zh}</c>, <c>{m.Message.Zh}</c>).
    /// </summary>
    internal static IEnumerable<(string Where, string Hole)> ExceptionMessagesInChineseHalves(string sourceRoot)
    {
        foreach (var (where, template, holes, _, _) in Texts(sourceRoot))
        {
            string? zh = template.Contains(" / ", StringComparison.Ordinal)
                ? BilingualSpecifics.Halves(template) is var (_, half) ? half : null
                : HasChinese(template) ? template : null;
            if (zh is null)
            {
                continue;
            }

            foreach (Match marker in Marker().Matches(zh))
            {
                var hole = holes[int.Parse(marker.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)];
                var quoted = marker.Index > 0 && zh[marker.Index - 1] == '「' && marker.Index + marker.Length < zh.Length && zh[marker.Index + marker.Length] == '」';
                if (!quoted && ShowsAMessage(SyntaxFactory.ParseExpression(hole)))
                {
                    yield return (where, hole);
                }
            }
        }
    }

    /// <summary>
    /// The Chinese slots of pairs that show an exception's <c>.Message</c> as it is: <c>(Zh: ex.Message)</c>,
    /// or a slot named Zh of the tuple a member returns — <c>(string En, string Zh) Why(…) =&gt; (ex.Message, ex.Message)</c>.
    /// </summary>
    internal static IEnumerable<(string Where, string Hole)> ExceptionMessagesInChinesePairs(string sourceRoot)
    {
        foreach (var file in SourceFiles(sourceRoot))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file).GetRoot();
            foreach (var tuple in root.DescendantNodes().OfType<TupleExpressionSyntax>())
            {
                var returned = tuple.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.ReturnType switch
                {
                    TupleTypeSyntax t => t,
                    NullableTypeSyntax { ElementType: TupleTypeSyntax t } => t,
                    _ => null,
                };
                for (var i = 0; i < tuple.Arguments.Count; i++)
                {
                    var argument = tuple.Arguments[i];
                    var name = argument.NameColon?.Name.Identifier.ValueText
                        ?? (returned is not null && returned.Elements.Count == tuple.Arguments.Count ? returned.Elements[i].Identifier.ValueText : null);
                    if (name is "Zh" or "Chinese" && ShowsAMessage(argument.Expression))
                    {
                        var line = argument.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                        yield return ($"{Path.GetRelativePath(sourceRoot, file).Replace('\\', '/')}:{line}", argument.Expression.ToString());
                    }
                }
            }
        }
    }

    /// <summary>The expression reads some <c>x.Message</c> as its value (not <c>x.Message.Zh</c>, one language of ours).</summary>
    private static bool ShowsAMessage(ExpressionSyntax expression) =>
        expression.DescendantNodesAndSelf().OfType<MemberAccessExpressionSyntax>()
            .Any(a => a.Name.Identifier.ValueText == "Message" && !(a.Parent is MemberAccessExpressionSyntax outer && outer.Expression == a));

    private static bool HasChinese(string text) => text.Any(c => c is >= '\u4E00' and <= '\u9FFF');

    /// <summary>The English of a pair <c>(En: "…", Zh: "…")</c>, or of a conditional whose pair holds the Chinese: its translation is beside it.</summary>
    private static bool ChineseBeside(ExpressionSyntax node)
    {
        SyntaxNode inner = node;
        while (inner.Parent is ConditionalExpressionSyntax or ParenthesizedExpressionSyntax)
        {
            inner = inner.Parent;
        }

        return inner.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax tuple } own
            && tuple.Arguments.Any(a => a != own && HasChinese(a.Expression.ToString()));
    }

    [GeneratedRegex(@"\b(?:row|line|column) '?⟦\d+⟧")]
    private static partial Regex EnglishPlace();

    /// <summary>Every whole string of the C# files under <paramref name="sourceRoot"/>: where, its text with holes marked ⟦n⟧, and the holes.</summary>
    private static IEnumerable<(string Where, string Template, List<string> Holes, bool ChineseBeside, ExpressionSyntax Node)> Texts(string sourceRoot)
    {
        foreach (var file in SourceFiles(sourceRoot))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file).GetRoot();
            foreach (var node in root.DescendantNodes().OfType<ExpressionSyntax>().Where(IsWholeText))
            {
                var holes = new List<string>();
                var text = new StringBuilder();
                Append(node, text, holes);
                var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                var where = $"{Path.GetRelativePath(sourceRoot, file).Replace('\\', '/')}:{line}";
                yield return (where, text.ToString(), holes, ChineseBeside(node), node);
            }
        }
    }

    private static IEnumerable<string> SourceFiles(string sourceRoot) =>
        Directory.EnumerateFiles(sourceRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>A string literal, an interpolated string or a <c>+</c> join holding one, not part of a larger join.</summary>
    private static bool IsWholeText(ExpressionSyntax node) =>
        IsText(node) && node.Parent is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } && node.Parent is not ParenthesizedExpressionSyntax { Parent: BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } };

    private static bool IsText(ExpressionSyntax node) => node switch
    {
        LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.StringLiteralExpression),
        InterpolatedStringExpressionSyntax => true,
        BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } join => IsText(join.Left) || IsText(join.Right),
        ParenthesizedExpressionSyntax inner => IsText(inner.Expression),
        _ => false,
    };

    /// <summary>The text of the node with each hole written as a marker ⟦n⟧, n its index in <paramref name="holes"/>.</summary>
    private static void Append(ExpressionSyntax node, StringBuilder text, List<string> holes)
    {
        switch (node)
        {
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                text.Append(literal.Token.ValueText);
                break;
            case InterpolatedStringExpressionSyntax interpolated:
                foreach (var content in interpolated.Contents)
                {
                    if (content is InterpolatedStringTextSyntax part)
                    {
                        text.Append(part.TextToken.ValueText);
                    }
                    else if (content is InterpolationSyntax hole)
                    {
                        AppendHole(hole.Expression, text, holes); // the format specifier and alignment are not the value
                    }
                }

                break;
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } join when IsText(join):
                Append(join.Left, text, holes);
                Append(join.Right, text, holes);
                break;
            case ParenthesizedExpressionSyntax inner when IsText(inner.Expression):
                Append(inner.Expression, text, holes);
                break;
            default:
                AppendHole(node, text, holes);
                break;
        }
    }

    private static void AppendHole(ExpressionSyntax expression, StringBuilder text, List<string> holes)
    {
        text.Append('⟦').Append(holes.Count).Append('⟧');
        holes.Add(Whitespace().Replace(expression.ToString(), " "));
    }

    /// <summary>
    /// The values a hole shows: the names it reads, without the language it shows them in — a hole
    /// <c>{title.En}</c> and a hole <c>{title.Zh}</c> show the same title, <c>{string.Join(", ", names)}</c>
    /// and <c>{string.Join("、", names)}</c> the same names, <c>{node.Describe()}</c> and
    /// <c>{node.DescribeZh()}</c> the same node. So the names of methods called (Describe, Join) and of
    /// static helpers (Suggest.Zh) do not count, a suffix En, Zh, English or Chinese is dropped, and
    /// text inside the hole (a translated "did you mean") is not a name.
    /// </summary>
    internal static SortedSet<string> NamesRead(IEnumerable<string> holes)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var hole in holes)
        {
            var expression = SyntaxFactory.ParseExpression(hole);
            var declared = expression.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>().Select(d => d.Identifier.ValueText).ToHashSet(StringComparer.Ordinal);
            foreach (var name in expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                var text = name.Identifier.ValueText;
                if (IsCalled(name) || IsStaticHelper(name) || declared.Contains(text) || Formatting.Contains(text))
                {
                    continue; // a pattern variable (is { } to) is named in each language's own words
                }

                var bare = LanguageWord().IsMatch(text) ? "" : LanguageSuffix().Replace(text, "");
                if (bare.Length > 0)
                {
                    names.Add(bare);
                }
            }
        }

        return names;
    }

    /// <summary>M in <c>M(x)</c>, <c>a.M(x)</c> or <c>a?.M(x)</c>: what is called, not a value shown.</summary>
    private static bool IsCalled(IdentifierNameSyntax name) =>
        name.Parent is InvocationExpressionSyntax call && call.Expression == name
        || name.Parent is MemberAccessExpressionSyntax access && access.Name == name && access.Parent is InvocationExpressionSyntax outer && outer.Expression == access
        || name.Parent is MemberBindingExpressionSyntax binding && binding.Parent is InvocationExpressionSyntax; // a?.M()

    /// <summary>
    /// Suggest in <c>Suggest.Zh(what)</c>, Rules and JsonErrorText in <c>Rules.JsonErrorText.Halves(m)</c>:
    /// the capitalised names (types, namespaces) a called method is reached through.
    /// </summary>
    private static bool IsStaticHelper(IdentifierNameSyntax name)
    {
        if (!char.IsUpper(name.Identifier.ValueText[0]))
        {
            return false;
        }

        ExpressionSyntax node = name.Parent is MemberAccessExpressionSyntax own && own.Name == name ? own : name;
        if (!Chain(node))
        {
            return false;
        }

        while (node.Parent is MemberAccessExpressionSyntax access && access.Expression == node)
        {
            if (access.Parent is InvocationExpressionSyntax call && call.Expression == access)
            {
                return true;
            }

            if (!char.IsUpper(access.Name.Identifier.ValueText[0]))
            {
                return false;
            }

            node = access;
        }

        return false;
    }

    private static bool Chain(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax id => char.IsUpper(id.Identifier.ValueText[0]),
        MemberAccessExpressionSyntax access => Chain(access.Expression) && char.IsUpper(access.Name.Identifier.ValueText[0]),
        _ => false,
    };

    /// <summary>How a value is written, not which: culture, comparer and line-break names.</summary>
    private static readonly HashSet<string> Formatting = new(StringComparer.Ordinal)
    {
        "System", "Globalization", "CultureInfo", "InvariantCulture", "StringComparer", "Ordinal", "Environment", "NewLine",
    };

    [GeneratedRegex("^(?:en|zh|english|chinese)$", RegexOptions.IgnoreCase)]
    private static partial Regex LanguageWord();

    [GeneratedRegex("(?:Zh|En|Chinese|English)$")]
    private static partial Regex LanguageSuffix();

    private static SortedSet<string> HolesOf(string half, List<string> holes) =>
        new(Marker().Matches(half).Select(m => holes[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]), StringComparer.Ordinal);

    [GeneratedRegex(@"⟦(\d+)⟧")]
    private static partial Regex Marker();

    /// <summary>Two words of English with a space between: a message, not a name or a key.</summary>
    [GeneratedRegex(@"[A-Za-z]+ [A-Za-z]+")]
    private static partial Regex EnglishWords();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
