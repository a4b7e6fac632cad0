package io.qkdchain.toeplitz.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A command followed by {@code --name value} options, each given at most once. */
record CliArguments(String command, Map<String, String> options) {

  static CliArguments parse(String[] args, Set<String> known) {
    if (args.length == 0) {
      throw new CliException("missing command (try --help)");
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      String name = args[i];
      if (!known.contains(name)) {
        throw new CliException("unknown option " + name);
      }
      if (i + 1 >= args.length) {
        throw new CliException("option " + name + " needs a value");
      }
      if (options.putIfAbsent(name, args[i + 1]) != null) {
        throw new CliException("option " + name + " given twice");
      }
    }
    return new CliArguments(args[0], options);
  }

  String required(String name) {
    return optional(name).orElseThrow(() -> new CliException("missing option " + name));
  }

  Optional<String> optional(String name) {
    return Optional.ofNullable(options.get(name));
  }

  /** The single option of {@code names} that is present. */
  String exactlyOneOf(List<String> names) {
    List<String> present = names.stream().filter(options::containsKey).toList();
    if (present.size() != 1) {
      throw new CliException("give exactly one of " + String.join(", ", names));
    }
    return present.get(0);
  }

  int integer(String name) {
    String value = required(name);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new CliException(name + " must be an integer, got '" + value + "'");
    }
  }
}
