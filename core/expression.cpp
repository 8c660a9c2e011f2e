#include "core/expression.hpp"

#include <muParser.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <regex>

namespace fickle {

struct Expression::Parser {
  mu::Parser parser;
  std::string text;
  std::vector<std::string> names;
  std::vector<double> variables;  // muParser reads them through pointers
  std::map<std::string, double*> used;
};

Expression::Expression(const std::string& text, const std::vector<std::string>& variables,
                       const std::map<std::string, double>& constants)
    : parser_(std::make_shared<Parser>()) {
  Parser& p = *parser_;
  p.text = text;
  p.names = variables;
  p.variables.assign(variables.size(), 0.0);
  try {
    p.parser.DefineConst("pi", std::numbers::pi);
    for (const auto& [name, value] : constants) p.parser.DefineConst(name, value);
    for (std::size_t i = 0; i < variables.size(); ++i)
      p.parser.DefineVar(variables[i], &p.variables[i]);
    p.parser.SetExpr(text);
    p.parser.Eval();  // muParser parses on the first evaluation
    for (const auto& [name, pointer] : p.parser.GetUsedVar()) p.used[name] = pointer;
  } catch (const mu::Parser::exception_type& e) {
    // muParser's messages may say "at position N" (0-based); the error carries the position
    // instead, 1-based and at most one past the end.
    const std::string message =
        std::regex_replace(e.GetMsg(), std::regex(" (found )?at position [0-9]+\\.?"), "");
    throw ExpressionError(message,
                          std::min(static_cast<int>(text.size()) + 1, std::max(1, e.GetPos() + 1)));
  }
}

double Expression::evaluate(std::initializer_list<double> values) const {
  std::copy(values.begin(), values.end(), parser_->variables.begin());
  return parser_->parser.Eval();
}

double Expression::derivative(std::size_t i, std::initializer_list<double> values) const {
  std::copy(values.begin(), values.end(), parser_->variables.begin());
  // muParser's own step (1e-7 v) vanishes for subnormal v (a front's far field): a step of at
  // least 1e-12 keeps the quotient finite.
  const double v = parser_->variables[i];
  return parser_->parser.Diff(&parser_->variables[i], v, 1e-6 * std::max(std::abs(v), 1e-6));
}

bool Expression::uses(const std::string& variable) const {
  return parser_->used.count(variable) > 0;
}

const std::string& Expression::text() const {
  return parser_->text;
}

SpaceTimeValue SpaceTimeValue::parse(const std::string& text,
                                     const std::map<std::string, double>& constants) {
  SpaceTimeValue v;
  v.formula_ = std::make_shared<const Expression>(
      text, std::vector<std::string>{"x", "y", "z", "t"}, constants);
  return v;
}

}  // namespace fickle
