//! The benchmark's yardstick: a minimal actix-web server that answers every
//! GET with the same bytes, read once from a file at start-up, with the
//! content type a page has. `scripts/bench.py` saves a page the app served
//! and runs this beside the app, so the two are measured in one run on the
//! same machine.
//!
//! Usage: same_bytes FILE [BIND]   (BIND defaults to 127.0.0.1:0; the bound
//! address is printed on the first line of standard output).

use actix_web::{web, App, HttpResponse, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("usage: same_bytes FILE [BIND]");
    let bind = args.next().unwrap_or_else(|| "127.0.0.1:0".to_string());
    let bytes = web::Bytes::from(std::fs::read(&file)?);
    let server = HttpServer::new(move || {
        let bytes = bytes.clone();
        App::new().default_service(web::to(move || {
            let bytes = bytes.clone();
            async move {
                HttpResponse::Ok()
                    .content_type("text/html; charset=utf-8")
                    .body(bytes)
            }
        }))
    })
    .bind(&bind)?;
    println!("http://{}/", server.addrs()[0]);
    use std::io::Write;
    std::io::stdout().flush()?;
    server.run().await
}
