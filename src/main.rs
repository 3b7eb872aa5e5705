fn main() -> std::process::ExitCode {
    vnetlint::cli::main()
}
