#include "engine/scenario/toml_guard.h"

#include <fmt/format.h>

namespace rushrisk {
namespace {

bool is_bare_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// Walks TOML text tracking line/column, skipping strings and comments.
class Scanner {
 public:
  Scanner(std::string_view text, std::string_view file, const TomlLimits& limits)
      : text_(text), file_(file), limits_(limits) {}

  std::optional<Diagnostic> run() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '#') {
        skip_comment();
      } else if (c == '"' || c == '\'') {
        const int line = line_, column = column_;
        skip_string(c);
        count_key_part(line, column);
      } else if (c == '[' || c == '{') {
        if (++depth_ > limits_.max_nesting) {
          return fail(fmt::format("nesting deeper than {} levels", limits_.max_nesting));
        }
        end_key();
        advance();
      } else if (c == ']' || c == '}') {
        if (depth_ > 0) --depth_;
        end_key();
        advance();
      } else if (c == '.') {
        dotted_ = true;
        advance();
      } else if (is_bare_key_char(c)) {
        const int line = line_, column = column_;
        while (pos_ < text_.size() && is_bare_key_char(text_[pos_])) advance();
        count_key_part(line, column);
      } else {
        if (c != ' ' && c != '\t') end_key();
        advance();
      }
      if (parts_ > limits_.max_key_parts) {
        return fail(fmt::format("a dotted key with more than {} parts", limits_.max_key_parts));
      }
    }
    return std::nullopt;
  }

 private:
  void advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }
  void skip_comment() {
    while (pos_ < text_.size() && text_[pos_] != '\n') advance();
  }
  void skip_string(char quote) {
    const bool multiline =
        text_.substr(pos_, 3) == std::string_view(quote == '"' ? "\"\"\"" : "'''");
    const std::size_t open = multiline ? 3 : 1;
    for (std::size_t i = 0; i < open; ++i) advance();
    while (pos_ < text_.size()) {
      if (quote == '"' && text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
        advance();
        advance();
        continue;
      }
      if (!multiline && text_[pos_] == '\n') return;  // unterminated: the parser reports it
      if (text_[pos_] == quote &&
          (!multiline ||
           text_.substr(pos_, 3) == std::string_view(quote == '"' ? "\"\"\"" : "'''"))) {
        for (std::size_t i = 0; i < open; ++i) advance();
        return;
      }
      advance();
    }
  }
  // A key part (or a number/word that happens to sit between dots) just ended.
  void count_key_part(int line, int column) {
    if (parts_ > 0 && dotted_) {
      ++parts_;
    } else {
      parts_ = 1;
      start_line_ = line;
      start_column_ = column;
    }
    dotted_ = false;
  }
  void end_key() {
    parts_ = 0;
    dotted_ = false;
  }
  std::optional<Diagnostic> fail(std::string reason) {
    const bool key = parts_ > limits_.max_key_parts;
    return Diagnostic{
        std::string(file_), key ? start_line_ : line_, key ? start_column_ : column_, "", "",
        std::move(reason)};
  }

  std::string_view text_;
  std::string_view file_;
  const TomlLimits& limits_;
  std::size_t pos_ = 0;
  int line_ = 1, column_ = 1;
  int depth_ = 0;
  int parts_ = 0;
  bool dotted_ = false;
  int start_line_ = 1, start_column_ = 1;
};

}  // namespace

std::optional<Diagnostic> check_toml_limits(std::string_view text, std::string_view file,
                                            const TomlLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Diagnostic{std::string(file),
                      0,
                      0,
                      "",
                      "",
                      fmt::format("file is {} bytes; scenario files are limited to {} bytes",
                                  text.size(), limits.max_bytes)};
  }
  return Scanner(text, file, limits).run();
}

}  // namespace rushrisk
