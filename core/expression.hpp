// Expressions a case writes instead of a number ("exp(-t)*sin(pi*x)"), parsed and evaluated by
// muParser (Debian's libmuparser-dev, the parser behind deal.II's FunctionParser). An expression
// names its variables up front (x, y, z, t for a field; u as well for a reaction); the case's
// `constants:` and pi are constants. Parsing happens when the expression is made, so a case with a
// bad expression fails at `fickle check`; the error says where in the expression.
#pragma once

#include <array>
#include <initializer_list>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace fickle {

/// A syntax error: `what()` is muParser's message, `position` the 1-based character.
class ExpressionError : public std::invalid_argument {
 public:
  ExpressionError(const std::string& message, int position)
      : std::invalid_argument(message), position(position) {}
  int position;
};

class Expression {
 public:
  /// Parses `text` with these variables (in this order for evaluate) and constants; throws
  /// ExpressionError when the text is not an expression in them.
  Expression(const std::string& text, const std::vector<std::string>& variables,
             const std::map<std::string, double>& constants);

  /// The value with the variables set to `values` (in the order they were named).
  double evaluate(std::initializer_list<double> values) const;
  /// ∂/∂(variable i) at `values`, by muParser's fourth-order central difference
  /// (f(v−2ε) − 8f(v−ε) + 8f(v+ε) − f(v+2ε))/(12ε), ε = 1e-6·max(|v|, 1e-6): exact up to
  /// round-off for polynomials of degree ≤ 4 in that variable.
  double derivative(std::size_t i, std::initializer_list<double> values) const;
  /// Whether the expression reads this variable.
  bool uses(const std::string& variable) const;
  const std::string& text() const;

 private:
  struct Parser;
  std::shared_ptr<Parser> parser_;  // shared: copies evaluate the same parsed expression
};

/// A value of x, y, z and t: a number, or an Expression in them.
class SpaceTimeValue {
 public:
  SpaceTimeValue(double number = 0) : number_(number) {}  // NOLINT: a number is a value
  /// An expression in x, y, z, t and the constants.
  static SpaceTimeValue parse(const std::string& text,
                              const std::map<std::string, double>& constants);

  double at(const std::array<double, 3>& x, double t) const {
    return formula_ ? formula_->evaluate({x[0], x[1], x[2], t}) : number_;
  }
  bool is_number() const { return !formula_; }
  /// The number (meaningful only when is_number()).
  double number() const { return number_; }
  bool depends_on_time() const { return formula_ && formula_->uses("t"); }
  const Expression* formula() const { return formula_.get(); }

 private:
  double number_ = 0;
  std::shared_ptr<const Expression> formula_;
};

}  // namespace fickle
