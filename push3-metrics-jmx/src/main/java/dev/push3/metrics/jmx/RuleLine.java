package dev.push3.metrics.jmx;

import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;

/** One line of a rules file: a rule to add (or to put in place of a preset's), or one to drop. */
sealed interface RuleLine {

    /**
     * Adds a rule; it replaces any earlier rule for the same pattern and attribute.
     *
     * @param rule the rule
     */
    record Add(MappingRule rule) implements RuleLine {
    }

    /**
     * Removes the earlier rules for this pattern and attribute (the name written {@code -}).
     *
     * @param pattern the pattern, compared by canonical name
     * @param attribute the attribute path
     */
    record Drop(ObjectName pattern, AttributePath attribute) implements RuleLine {
    }

    /**
     * Applies rules-file lines to a base list (the presets), in order.
     *
     * @param base the rules so far
     * @param lines the lines to apply
     * @return the resulting rules: survivors of {@code base} first, then the added ones
     */
    static List<MappingRule> applyAll(List<MappingRule> base, List<RuleLine> lines) {
        List<MappingRule> rules = new ArrayList<>(base);
        for (RuleLine line : lines) {
            switch (line) {
                case Add add -> {
                    rules.removeIf(r -> r.sameSource(add.rule().pattern(), add.rule().attribute()));
                    rules.add(add.rule());
                }
                case Drop drop -> rules.removeIf(r -> r.sameSource(drop.pattern(), drop.attribute()));
            }
        }
        return List.copyOf(rules);
    }
}
