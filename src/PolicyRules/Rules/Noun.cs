namespace PolicyRules.Rules;

/// <summary>
/// What a part of a JSON file is, in both languages, for the messages about it ("a reform file" /
/// "改革方案文件"): each caller names both, so no English word can stand in the Chinese half for want of a translation.
/// </summary>
internal readonly record struct Noun(string En, string Zh);
