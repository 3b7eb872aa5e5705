//! Parser of template-language expressions: the text between `[` and `]`.

/// Maximum nesting of calls, member access and indexing in one expression.
pub const MAX_NESTING: usize = 64;

/// A parsed expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Str(String),
    Int(i64),
    Bool(bool),
    Null,
    Call(String, Vec<Expr>),
    Member(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>),
}

/// The content of a template string.
#[derive(Debug, PartialEq)]
pub enum Template {
    /// A plain string, with a leading `[[` already turned into `[`.
    Literal(String),
    Expression(Expr),
}

/// Classifies a JSON string: an expression when it starts with `[` (not
/// `[[`) and ends with `]`, else a literal.
pub fn parse_template_string(text: &str) -> Result<Template, String> {
    if let Some(rest) = text.strip_prefix("[[") {
        return Ok(Template::Literal(format!("[{rest}")));
    }
    let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) else {
        return Ok(Template::Literal(text.to_string()));
    };
    parse(inner).map(Template::Expression)
}

/// Parses the text of one expression.
pub fn parse(text: &str) -> Result<Expr, String> {
    let mut parser = Parser {
        chars: text.chars().collect(),
        at: 0,
        depth: 0,
    };
    let expr = parser.expression()?;
    parser.skip_space();
    if parser.at < parser.chars.len() {
        return Err(format!(
            "unexpected `{}` after the end of the expression",
            parser.chars[parser.at]
        ));
    }
    Ok(expr)
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn expect(&mut self, expected: char) -> Result<(), String> {
        self.skip_space();
        match self.peek() {
            Some(c) if c == expected => {
                self.at += 1;
                Ok(())
            }
            Some(c) => Err(format!("expected `{expected}`, found `{c}`")),
            None => Err(format!(
                "expected `{expected}`, found the end of the expression"
            )),
        }
    }

    fn expression(&mut self) -> Result<Expr, String> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(format!("expression nests deeper than {MAX_NESTING} levels"));
        }
        let mut expr = self.primary()?;
        loop {
            self.skip_space();
            match self.peek() {
                Some('.') => {
                    self.at += 1;
                    // `.?` is the safe-dereference form; a missing member is null either way.
                    if self.peek() == Some('?') {
                        self.at += 1;
                    }
                    let name = self.identifier()?;
                    expr = Expr::Member(Box::new(expr), name);
                }
                Some('[') => {
                    self.at += 1;
                    let index = self.expression()?;
                    self.expect(']')?;
                    expr = Expr::Index(Box::new(expr), Box::new(index));
                }
                _ => break,
            }
        }
        self.depth -= 1;
        Ok(expr)
    }

    fn primary(&mut self) -> Result<Expr, String> {
        self.skip_space();
        match self.peek() {
            Some('\'') => self.string(),
            Some(c) if c.is_ascii_digit() || c == '-' => self.number(),
            Some(c) if c.is_alphabetic() || c == '_' => self.call_or_keyword(),
            Some(c) => Err(format!("unexpected `{c}`")),
            None => Err("expression is empty or ends too early".into()),
        }
    }

    fn string(&mut self) -> Result<Expr, String> {
        self.at += 1;
        let mut text = String::new();
        loop {
            match self.peek() {
                None => return Err("string literal has no closing `'`".into()),
                Some('\'') if self.chars.get(self.at + 1) == Some(&'\'') => {
                    text.push('\'');
                    self.at += 2;
                }
                Some('\'') => {
                    self.at += 1;
                    return Ok(Expr::Str(text));
                }
                Some(c) => {
                    text.push(c);
                    self.at += 1;
                }
            }
        }
    }

    fn number(&mut self) -> Result<Expr, String> {
        let start = self.at;
        if self.peek() == Some('-') {
            self.at += 1;
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        let text: String = self.chars[start..self.at].iter().collect();
        text.parse()
            .map(Expr::Int)
            .map_err(|_| format!("invalid number `{text}`"))
    }

    fn identifier(&mut self) -> Result<String, String> {
        self.skip_space();
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
        {
            self.at += 1;
        }
        if start == self.at {
            return Err(match self.peek() {
                Some(c) => format!("expected a name, found `{c}`"),
                None => "expected a name, found the end of the expression".into(),
            });
        }
        Ok(self.chars[start..self.at].iter().collect())
    }

    fn call_or_keyword(&mut self) -> Result<Expr, String> {
        let name = self.identifier()?;
        self.skip_space();
        if self.peek() != Some('(') {
            return match name.to_ascii_lowercase().as_str() {
                "true" => Ok(Expr::Bool(true)),
                "false" => Ok(Expr::Bool(false)),
                "null" => Ok(Expr::Null),
                _ => Err(format!("`{name}` is not followed by `(`")),
            };
        }
        self.at += 1;
        let mut args = Vec::new();
        self.skip_space();
        if self.peek() == Some(')') {
            self.at += 1;
            return Ok(Expr::Call(name, args));
        }
        loop {
            args.push(self.expression()?);
            self.skip_space();
            match self.peek() {
                Some(',') => self.at += 1,
                Some(')') => {
                    self.at += 1;
                    return Ok(Expr::Call(name, args));
                }
                Some(c) => return Err(format!("expected `,` or `)`, found `{c}`")),
                None => return Err(format!("call of `{name}` has no closing `)`")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, args: Vec<Expr>) -> Expr {
        Expr::Call(name.into(), args)
    }

    #[test]
    fn literal_strings_and_escapes() {
        assert_eq!(
            parse_template_string("plain").unwrap(),
            Template::Literal("plain".into())
        );
        assert_eq!(
            parse_template_string("[[not an expression]").unwrap(),
            Template::Literal("[not an expression]".into())
        );
        assert_eq!(
            parse_template_string("[no end").unwrap(),
            Template::Literal("[no end".into())
        );
        assert_eq!(parse("'it''s'").unwrap(), Expr::Str("it's".into()));
    }

    #[test]
    fn calls_members_and_indexes() {
        let expr = parse("variables('a')[copyIndex()].name").unwrap();
        let expected = Expr::Member(
            Box::new(Expr::Index(
                Box::new(call("variables", vec![Expr::Str("a".into())])),
                Box::new(call("copyIndex", vec![])),
            )),
            "name".into(),
        );
        assert_eq!(expr, expected);
    }

    #[test]
    fn numbers_and_keywords() {
        assert_eq!(parse("-3").unwrap(), Expr::Int(-3));
        assert_eq!(parse("true").unwrap(), Expr::Bool(true));
        assert_eq!(
            parse("if(true(), 1, 2)").unwrap(),
            call("if", vec![call("true", vec![]), Expr::Int(1), Expr::Int(2)])
        );
    }

    #[test]
    fn syntax_errors() {
        assert!(parse("concat('a'").is_err());
        assert!(parse("'open").is_err());
        assert!(parse("a b").is_err());
        assert!(parse("").is_err());
        assert!(parse("f(1) extra").is_err());
    }

    #[test]
    fn nesting_limit() {
        let deep = format!(
            "{}1{}",
            "f(".repeat(MAX_NESTING + 1),
            ")".repeat(MAX_NESTING + 1)
        );
        let error = parse(&deep).unwrap_err();
        assert!(error.contains("deeper"), "{error}");
    }
}
