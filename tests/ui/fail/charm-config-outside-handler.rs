use charm_runtime::charm;

#[derive(Default)]
struct MyCharm;

#[charm]
impl MyCharm {
    fn helper(&self, #[config] port: i64) -> i64 {
        port
    }
}

fn main() {
    let _ = MyCharm.helper(1);
}
