// @generated automatically by Diesel CLI.

diesel::table! {
    department (id) {
        id -> Integer,
        name -> Text,
        time_zone -> Text,
        units -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> Integer,
        email -> Text,
        name -> Text,
        password_hash -> Text,
        role -> Text,
        active -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    web_sessions (id) {
        id -> Text,
        state -> Text,
        user_id -> Nullable<Integer>,
        expires_at -> Timestamp,
    }
}

diesel::joinable!(web_sessions -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(department, users, web_sessions,);
