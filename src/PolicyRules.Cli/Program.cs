using PolicyRules.Cli;

return PolicyRulesCli.Run(args, Console.Out, Console.Error);
