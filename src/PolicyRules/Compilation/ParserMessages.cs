using PolicyRules.Rules;

namespace PolicyRules.Compilation;

/// <summary>
/// The expression parser's own messages in Chinese. System.Linq.Dynamic.Core (and the expression
/// trees it builds) speak English only; a diagnostic's Chinese half translates the message it quotes,
/// keeping every value the parser put in it, instead of repeating the English.
/// </summary>
internal static class ParserMessages
{
    /// <summary>
    /// Each template the parser fills, by its resource name in System.Linq.Dynamic.Core 1.7.4
    /// (<c>System.Linq.Dynamic.Core.Res</c>) or, for messages of <c>System.Linq.Expressions</c>, by a
    /// name of ours; <c>{0}</c>… are the values, kept as they are. A test checks this table against the
    /// parser's resources, so an upgrade that changes a message fails instead of falling back to English.
    /// </summary>
    internal static readonly IReadOnlyList<(string Name, string English, string Chinese)> Templates =
    [
        ("AmbiguousConstructorInvocation", "Ambiguous invocation of '{0}' constructor", "'{0}' 的构造函数调用有歧义"),
        ("AmbiguousIndexerInvocation", "Ambiguous invocation of indexer in type '{0}'", "类型 '{0}' 的索引器调用有歧义"),
        ("AmbiguousMethodInvocation", "Ambiguous invocation of method '{0}' in type '{1}'", "类型 '{1}' 的方法 '{0}' 调用有歧义"),
        ("ArgsIncompatibleWithLambda", "Argument list incompatible with lambda expression", "参数列表与 lambda 表达式不相容"),
        ("BinaryCharExpected", "Binary character expected", "此处应为二进制数字"),
        ("BothTypesConvertToOther", "Both of the types '{0}' and '{1}' convert to the other", "类型 '{0}' 与 '{1}' 可以互相转换，无法确定结果类型"),
        ("CannotConvertValue", "A value of type '{0}' cannot be converted to type '{1}'", "类型为 '{0}' 的值不能转换为类型 '{1}'"),
        ("CannotIndexMultiDimArray", "Indexing of multi-dimensional arrays is not supported", "不支持多维数组的索引"),
        ("CloseBracketExpected", "']' expected", "此处应为 ']'"),
        ("CloseBracketOrCommaExpected", "']' or ',' expected", "此处应为 ']' 或 ','"),
        ("CloseParenOrCommaExpected", "')' or ',' expected", "此处应为 ')' 或 ','"),
        ("CloseParenOrOperatorExpected", "')' or operator expected", "此处应为 ')' 或运算符"),
        ("ColonExpected", "':' expected", "此处应为 ':'"),
        ("DigitExpected", "Digit expected", "此处应为数字"),
        ("DotExpected", "'.' expected", "此处应为 '.'"),
        ("DotOrOpenParenExpected", "'.' or '(' expected", "此处应为 '.' 或 '('"),
        ("DotOrOpenParenOrStringLiteralExpected", "'.' or '(' or string literal expected", "此处应为 '.'、'(' 或字符串字面量"),
        ("DuplicateIdentifier", "The identifier '{0}' was defined more than once", "标识符 '{0}' 被定义了不止一次"),
        ("DynamicExpandoObjectIsNotSupported", "Dynamic / ExpandoObject is not supported in .NET 3.5, UAP and .NETStandard 1.3", "不支持 Dynamic 和 ExpandoObject"),
        ("EnumTypeNotFound", "Enum type '{0}' not found", "找不到枚举类型 '{0}'"),
        ("EnumValueExpected", "Enum value expected", "此处应为枚举值"),
        ("EnumValueNotDefined", "Enum value '{0}' is not defined in enum type '{1}'", "枚举类型 '{1}' 中没有值 '{0}'"),
        ("ExpressionExpected", "Expression expected", "此处应为表达式"),
        ("ExpressionTypeMismatch", "Expression of type '{0}' expected", "此处应为类型 '{0}' 的表达式"),
        ("FirstExprMustBeBool", "The first expression must be of type 'Boolean'", "第一个表达式必须为布尔类型（'Boolean'）"),
        ("FunctionRequiresNotNullArgOfType", "The '{0}' function requires the {1}argument to be not null and of type {2}.", "函数 '{0}' 要求{1}参数不为空且类型为 {2}。"),
        ("FunctionRequiresOneArg", "The '{0}' function requires one argument", "函数 '{0}' 需要一个参数"),
        ("FunctionRequiresOneNotNullArg", "The '{0}' function requires one argument which is not null.", "函数 '{0}' 需要一个不为空的参数。"),
        ("FunctionRequiresOneOrTwoArgs", "The '{0}' function requires 1 or 2 arguments", "函数 '{0}' 需要 1 或 2 个参数"),
        ("HexCharExpected", "Hexadecimal character expected", "此处应为十六进制数字"),
        ("IdentifierExpected", "Identifier expected", "此处应为标识符"),
        ("IdentifierImplementingInterfaceExpected", "Identifier implementing interface '{0}' expected", "此处应为实现接口 '{0}' 的标识符"),
        ("IIFRequiresThreeArgs", "The 'iif' function requires three arguments", "函数 'iif' 需要三个参数"),
        ("IncompatibleOperand", "Operator '{0}' incompatible with operand type '{1}'", "运算符 '{0}' 不能用于类型为 '{1}' 的操作数"),
        ("IncompatibleOperands", "Operator '{0}' incompatible with operand types '{1}' and '{2}'", "运算符 '{0}' 不能用于类型为 '{1}' 和 '{2}' 的操作数"),
        ("IncompatibleTypes", "Types '{0}' and '{1}' are incompatible", "类型 '{0}' 与 '{1}' 不相容"),
        ("InvalidBinaryIntegerLiteral", "Invalid binary integer literal '{0}'", "无效的二进制整数字面量 '{0}'"),
        ("InvalidCharacter", "Syntax error '{0}'", "无法识别的字符 '{0}'"),
        ("InvalidCharacterLiteral", "Character literal must contain exactly one character", "字符字面量必须恰好包含一个字符"),
        ("InvalidIndex", "Array index must be an integer expression", "数组下标必须是整数表达式"),
        ("InvalidIntegerLiteral", "Invalid integer literal '{0}'", "无效的整数字面量 '{0}'"),
        ("InvalidIntegerQualifier", "Invalid integer literal qualifier '{0}'", "无效的整数字面量后缀 '{0}'"),
        ("InvalidRealLiteral", "Invalid real literal '{0}'", "无效的实数字面量 '{0}'"),
        ("InvalidStringLength", "String '{0}' should have at least {1} characters.", "字符串 '{0}' 至少应有 {1} 个字符。"),
        ("InvalidStringQuoteCharacter", "An escaped string should start with a double (\") or a single (') quote.", "转义字符串应以双引号（\"）或单引号（'）开头。"),
        ("IQueryableProviderNotAsync", "The provider for the source IQueryable doesn't implement IAsyncQueryProvider/IDbAsyncQueryProvider. Only providers that implement IAsyncQueryProvider/IDbAsyncQueryProvider can be used for Entity Framework asynchronous operations.", "数据源的 IQueryable 提供程序未实现 IAsyncQueryProvider/IDbAsyncQueryProvider，不能用于 Entity Framework 的异步操作。"),
        ("IsNullRequiresTwoArgs", "The 'isnull' function requires two arguments", "函数 'isnull' 需要两个参数"),
        ("MethodIsInaccessible", "Method '{0}' on type '{1}' is not accessible.", "类型 '{1}' 的方法 '{0}' 不可访问。"),
        ("MethodIsVoid", "Method '{0}' in type '{1}' does not return a value", "类型 '{1}' 的方法 '{0}' 没有返回值"),
        ("MinusCannotBeAppliedToUnsignedInteger", "'-' cannot be applied to unsigned integers.", "'-' 不能用于无符号整数。"),
        ("MissingAsClause", "Expression is missing an 'as' clause", "表达式缺少 'as' 子句"),
        ("NeitherTypeConvertsToOther", "Neither of the types '{0}' and '{1}' converts to the other", "类型 '{0}' 与 '{1}' 都不能转换为对方"),
        ("NewOperatorIsNotAllowed", "Using the new operator is not allowed via the ParsingConfig.", "不允许使用 new 运算符。"),
        ("NoApplicableIndexer", "No applicable indexer exists in type '{0}' with {1} parameters", "类型 '{0}' 中没有带 {1} 个参数的可用索引器"),
        ("NoApplicableMethod", "No applicable method '{0}' exists in type '{1}'", "类型 '{1}' 中没有可用的方法 '{0}'"),
        ("NoItInScope", "No 'it' is in scope", "当前作用域中没有 'it'"),
        ("NoMatchingConstructor", "No matching constructor in type '{0}'", "类型 '{0}' 中没有匹配的构造函数"),
        ("NoParentInScope", "No 'parent' is in scope", "当前作用域中没有 'parent'"),
        ("NoRootInScope", "No 'root' is in scope", "当前作用域中没有 'root'"),
        ("NullPropagationRequiresCorrectArgs", "The 'np' (null-propagation) function requires 1 or 2 arguments", "函数 'np'（空值传播）需要 1 或 2 个参数"),
        ("NullPropagationRequiresValidExpression", "The 'np' (null-propagation) function requires the first argument to be a MemberExpression, ParameterExpression or MethodCallExpression", "函数 'np'（空值传播）的第一个参数必须是 MemberExpression、ParameterExpression 或 MethodCallExpression"),
        ("OpenBracketExpected", "'[' expected", "此处应为 '['"),
        ("OpenCurlyParenExpected", "'{' expected", "此处应为 '{'"),
        ("OpenParenExpected", "'(' expected", "此处应为 '('"),
        ("OpenParenOrIdentifierExpected", "'(' or Identifier expected", "此处应为 '(' 或标识符"),
        ("OutKeywordRequiresDiscard", "When using an out variable, a discard '_' is required.", "使用 out 变量时须写弃元 '_'。"),
        ("ParseExceptionFormat", "{0} (at index {1})", "{0}（位于下标 {1}）"),
        ("SequenceContainsNoElements", "Sequence contains no elements", "序列不包含任何元素"),
        ("SyntaxError", "Syntax error", "语法错误"),
        ("TokenExpected", "{0} expected", "此处应为 {0}"),
        ("TypeHasNoNullableForm", "Type '{0}' has no nullable form", "类型 '{0}' 没有可空形式"),
        ("TypeNotFound", "Type '{0}' not found", "找不到类型 '{0}'"),
        ("UnexpectedUnclosedString", "Unexpected end of string with unclosed string at position {0} near '{1}'.", "字符串在位置 {0}（'{1}' 附近）未闭合就结束了。"),
        ("UnexpectedUnrecognizedEscapeSequence", "Unexpected unrecognized escape sequence at position {0} near '{1}'.", "位置 {0}（'{1}' 附近）有无法识别的转义序列。"),
        ("UnknownIdentifier", "Unknown identifier '{0}'", "未知标识符 '{0}'"),
        ("UnknownPropertyOrField", "No property or field '{0}' exists in type '{1}'", "类型 '{1}' 中没有属性或字段 '{0}'"),
        ("UnterminatedStringLiteral", "Unterminated string literal", "字符串字面量未闭合"),

        // Thrown by System.Linq.Expressions while the parser builds the tree (no position).
        ("Linq.BinaryOperatorNotDefined", "The binary operator {0} is not defined for the types '{1}' and '{2}'.", "二元运算符 {0} 不能用于类型 '{1}' 和 '{2}'。"),
        ("Linq.UnaryOperatorNotDefined", "The unary operator {0} is not defined for the type '{1}'.", "一元运算符 {0} 不能用于类型 '{1}'。"),
        ("Linq.CoercionOperatorNotDefined", "No coercion operator is defined between types '{0}' and '{1}'.", "类型 '{0}' 与 '{1}' 之间没有定义转换运算符。"),
        ("Linq.PropertyNotDefinedForType", "Property '{0}' is not defined for type '{1}'", "类型 '{1}' 没有属性 '{0}'"),
        ("Linq.MethodNotDefinedForType", "Method '{0}' declared on type '{1}' cannot be called with instance of type '{2}'", "类型 '{1}' 上声明的方法 '{0}' 不能用类型 '{2}' 的实例调用"),
        ("Linq.InvalidLiteral", "{0} is not a valid value for {1}.", "{0} 不是 {1} 的有效值。"),
        ("Linq.ArgumentTypesMustMatch", "Argument types do not match", "参数类型不一致"),
        // The base library's own exceptions, raised while the parser converts or combines values.
        ("Bcl.ValueEmpty", "Value cannot be empty.", "值不能为空。"),
        ("Bcl.ValueNull", "Value cannot be null.", "值不能为 null。"),
        ("Bcl.EmptyString", "The value cannot be an empty string.", "值不能是空字符串。"),
        ("Bcl.OutOfRange", "Specified argument was out of the range of valid values.", "参数超出有效取值范围。"),
        ("Bcl.BadFormat", "The input string '{0}' was not in a correct format.", "输入字符串 '{0}' 的格式不正确。"),
        ("Bcl.DecimalOverflow", "Value was either too large or too small for a Decimal.", "数值超出 Decimal 的表示范围（过大或过小）。"),
        ("Bcl.Overflow", "Arithmetic operation resulted in an overflow.", "算术运算溢出。"),
        ("Bcl.IndexOutOfRange", "Index was outside the bounds of the array.", "下标超出数组范围。"),
        ("Bcl.NullReference", "Object reference not set to an instance of an object.", "对象引用未设置为对象的实例。"),
        ("Linq.InsufficientStack", "Insufficient stack to continue executing the program safely. This can happen from having too many functions on the call stack or function on the stack using too much stack space.", "栈空间不足，无法安全地继续解析：表达式嵌套过深。"),
    ];

    private static readonly MessageTemplates Translation = new(Templates.Select(t => (t.English, t.Chinese)), "解析器原文");

    /// <summary>
    /// The parser's <paramref name="english"/> message in Chinese with its values kept; a message no
    /// template matches is quoted as the parser wrote it, marked as such.
    /// </summary>
    public static string InChinese(string english) => Translation.InChinese(english);
}
