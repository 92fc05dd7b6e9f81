using System.Diagnostics;
using System.Reflection;

namespace PolicyRules.Compilation;

/// <summary>
/// What made an expression fail for one record, in English and Chinese with the same specifics (the
/// helper and its argument, when a helper threw). The runtime's own text is English only, so it stays
/// in <see cref="Exception.InnerException"/> and out of the reason a rejects file shows.
/// </summary>
internal static class EvaluationFailure
{
    public static (string En, string Zh) Describe(Exception? inner)
    {
        var helper = HelperOf(inner);
        var name = helper is null ? null : $"{helper.DeclaringType!.Name}.{helper.Name}";
        var en = name is null ? "" : $" in {name}";
        var zh = name is null ? "" : $"（{name}）";
        return inner switch
        {
            ArgumentException { ParamName: { } parameter } when helper is not null && Array.Exists(helper.GetParameters(), p => p.Name == parameter) =>
                ($"{name} was given its argument '{parameter}' outside the range it accepts", $"{name} 的参数 '{parameter}' 超出其可接受的范围"),
            ArgumentException => ($"an argument outside the range it accepts{en}", $"参数超出可接受的范围{zh}"),
            OverflowException => ($"arithmetic overflow{en}: a result is beyond what its type holds", $"算术溢出{zh}：结果超出其类型可表示的范围"),
            DivideByZeroException => ($"division by zero{en}", $"除数为零{zh}"),
            ArithmeticException => ($"an arithmetic error{en}", $"算术错误{zh}"),
            InvalidOperationException or NullReferenceException => ($"an empty (null) value was used{en}", $"使用了空值（null）{zh}"),
            IndexOutOfRangeException => ($"an index outside its list{en}", $"索引超出范围{zh}"),
            _ => ($"{inner?.GetType().Name}{en}", $"{inner?.GetType().Name}{zh}"),
        };
    }

    /// <summary>The innermost helper method (Ratio, Dates, …) on the failure's stack, if the JIT kept its frame.</summary>
    private static MethodBase? HelperOf(Exception? inner)
    {
        if (inner is null)
        {
            return null;
        }

        foreach (var frame in new StackTrace(inner, fNeedFileInfo: false).GetFrames())
        {
            if (frame.GetMethod() is { DeclaringType: { } type } method && AllowList.HelperTypes.Contains(type))
            {
                return method;
            }
        }

        return null;
    }
}
