//! Who is asking: passwords, the server-side session store, the typed session,
//! CSRF protection, login rate limiting and how long a login lasts. The
//! extractors that guard pages are the page context in `web::page`.

pub mod client;
pub mod csrf;
pub mod guard;
pub mod password;
pub mod rate_limit;
pub mod return_to;
pub mod session;
pub mod session_cache;
pub mod setup_token;
pub mod store;

pub use session::AppSession;
