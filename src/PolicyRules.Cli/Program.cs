using PolicyRules.Cli;

JitProfile.Start();
return PolicyRulesCli.Run(args, Console.Out, Console.Error);
