using System.Globalization;
using System.Linq.Dynamic.Core.Exceptions;
using System.Linq.Dynamic.Core.Parser;
using System.Linq.Expressions;
using System.Text;
using CsCheck;
using PolicyRules.Compilation;
using PolicyRules.Model;

namespace PolicyRules.Tests.Compilation;

/// <summary>
/// The promoter that remembers System.Linq.Dynamic.Core's answers by type must leave every tree as
/// the library builds it by itself (RulesEngine parses with the library's own promoter): generated
/// expressions over every kind of value, operator, literal and helper are parsed with and without it,
/// in random order (the memory is process-wide), and must give the same tree or the same error.
/// </summary>
public sealed class RememberingPromoterTests
{
    private static readonly ParameterExpression[] Visible =
    [
        Expression.Parameter(typeof(EnterpriseProfile), "enterprise"),
        Expression.Parameter(typeof(int), "count"),
        Expression.Parameter(typeof(long), "big"),
        Expression.Parameter(typeof(decimal), "money"),
        Expression.Parameter(typeof(decimal?), "share"),
        Expression.Parameter(typeof(int?), "maybe"),
        Expression.Parameter(typeof(bool), "flag"),
        Expression.Parameter(typeof(string), "label"),
        Expression.Parameter(typeof(DateOnly), "day"),
        Expression.Parameter(typeof(Industry), "industry"),
    ];

    private static readonly Gen<string> Leaf = Pick(
        "count", "big", "money", "share", "maybe", "flag", "label", "day", "industry", "null",
        "enterprise.Employees", "enterprise.RevenueY1", "enterprise.RdExpenseY2", "enterprise.Industry", "enterprise.RegistrationDate",
        "enterprise.HighTechCertValid", "enterprise.Id", "enterprise.RegistrationDate.Year",
        "3", "0", "-2", "25m", "0.60", "0.1d", "1.5f", "10000000000", "3L", "2.50m", "1e3", "true", "false", "\"Small\"", "\"Retail\"", "\"3\"");

    private static readonly Gen<string> Call = Pick(
        "Ratio.Of({0}, {1})", "Ratio.Growth({0}, {1})", "Num.Max({0}, {1})", "Num.Min({0}, {1})", "Num.Round({0}, {1})",
        "Tiers.Lookup({0}, \">= 2: 10; else: 0\")", "Dates.FullYearsBetween({0}, {1})", "Dates.DaysBetween({0}, {1})", "Ratio.CompoundFactor({0}, {1})");

    private static readonly Gen<string> Binary = Pick(
        "+", "-", "*", "/", "%", ">=", ">", "<", "<=", "==", "!=", "&&", "||", "??");

    private static readonly Gen<string> Text = Expressions(0);

    private static Gen<string> Pick(params string[] options) => Gen.Int[0, options.Length - 1].Select(i => options[i]);

    private static Gen<string> Expressions(int depth)
    {
        if (depth >= 3)
        {
            return Leaf;
        }

        var inner = Expressions(depth + 1);
        return Gen.Frequency(
            (3, Leaf),
            (4, Gen.Select(inner, Binary, inner, (l, op, r) => $"({l} {op} {r})")),
            (2, Gen.Select(Call, inner, inner, (c, a, b) => string.Format(CultureInfo.InvariantCulture, c, a, b))),
            (1, Gen.Select(inner, inner, inner, (c, a, b) => $"({c} ? {a} : {b})")),
            (1, inner.Select(e => $"!{e}")),
            (1, inner.Select(e => $"-{e}")));
    }

    [Fact]
    public void Trees_are_the_ones_the_library_builds_with_its_own_promoter()
    {
        var remembered = 0;
        Text.Sample(text =>
        {
            var plain = Render(text, rememberPromotions: false);
            var remembering = Render(text, rememberPromotions: true);
            remembered += remembering.StartsWith("error", StringComparison.Ordinal) ? 0 : 1;
            Assert.Equal(plain, remembering);
        }, iter: 3000);

        // The generator reaches trees, not only parse errors.
        Assert.True(remembered > 300, $"only {remembered} of 3000 generated expressions parsed");
    }

    [Theory]
    [InlineData("enterprise.Employees >= 0.60")]
    [InlineData("money + count * 2 >= share")]
    [InlineData("Ratio.Of(enterprise.TechStaff, enterprise.Employees) >= 0.10")]
    [InlineData("maybe > 3 && count < big")]
    [InlineData("industry == \"Retail\" || enterprise.Industry == industry")]
    public void Trees_of_the_shapes_rules_use_are_equal_whichever_promoter_parses_first(string text)
    {
        // Twice each way: the second remembering parse answers from memory only.
        var plain = Render(text, rememberPromotions: false);
        Assert.Equal(plain, Render(text, rememberPromotions: true));
        Assert.Equal(plain, Render(text, rememberPromotions: true));
        Assert.DoesNotContain("error", plain, StringComparison.Ordinal);
    }

    [Fact]
    public void Types_emitted_for_declared_record_kinds_are_not_kept_alive_by_the_memory()
    {
        // Declared record kinds are emitted into collectible assemblies, one set per load (hot reload makes many).
        var engine = PolicyEngine.LoadDirectory(Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "district-policy", "rules"));
        var emitted = engine.Programmes.SelectMany(name => engine.GetVersions(name)).Select(p => p.Schema.RecordType).First(t => t.IsCollectible);
        var config = AllowList.CreateParsingConfig();
        var record = Expression.Parameter(emitted, "record");
        Assert.Same(record, config.ExpressionPromoter.Promote(record, typeof(object), exact: false, convertExpression: false));
        Assert.NotNull(config.ExpressionPromoter.Promote(record, typeof(object), exact: true, convertExpression: true));
        Assert.Null(config.ExpressionPromoter.Promote(record, typeof(decimal), exact: false, convertExpression: true));
        Assert.False(RememberingPromoter.HoldsCollectibleTypes);
    }

    private static string Render(string text, bool rememberPromotions)
    {
        try
        {
            lock (LiteralCache.Gate)
            {
                LiteralCache.Reset();
                var tree = new ExpressionParser(Visible, text, [], AllowList.CreateParsingConfig(rememberPromotions)).Parse(null);
                return TreeText.Of(tree);
            }
        }
        catch (Exception ex) when (ex is ParseException or InvalidOperationException or ArgumentException or NotSupportedException or FormatException or OverflowException)
        {
            return $"error {ex.GetType().Name}: {ex.Message}";
        }
    }

    /// <summary>Every node with its kind, type, method, member, liftedness and constant value.</summary>
    private sealed class TreeText : ExpressionVisitor
    {
        private readonly StringBuilder text = new();

        public static string Of(Expression tree)
        {
            var printer = new TreeText();
            printer.Visit(tree);
            return printer.text.ToString();
        }

        public override Expression? Visit(Expression? node)
        {
            if (node is null)
            {
                text.Append("(null)");
                return node;
            }

            text.Append('(').Append(node.NodeType).Append(' ').Append(node.Type.FullName);
            switch (node)
            {
                case ConstantExpression constant:
                    text.Append(' ').Append(constant.Value?.GetType().FullName).Append(' ').Append(Convert.ToString(constant.Value, CultureInfo.InvariantCulture));
                    break;
                case ParameterExpression parameter:
                    text.Append(' ').Append(parameter.Name);
                    break;
                case MemberExpression member:
                    text.Append(' ').Append(member.Member.DeclaringType?.FullName).Append('.').Append(member.Member.Name);
                    break;
                case MethodCallExpression call:
                    text.Append(' ').Append(call.Method);
                    break;
                case UnaryExpression unary:
                    text.Append(' ').Append(unary.Method).Append(unary.IsLifted ? " lifted" : "");
                    break;
                case BinaryExpression binary:
                    text.Append(' ').Append(binary.Method).Append(binary.IsLifted ? " lifted" : "").Append(binary.IsLiftedToNull ? " to-null" : "");
                    break;
            }

            base.Visit(node);
            text.Append(')');
            return node;
        }
    }
}
