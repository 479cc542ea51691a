// @generated automatically by Diesel CLI.

diesel::table! {
    access_records (id) {
        id -> Integer,
        member_id -> Integer,
        viewer_id -> Integer,
        viewer_role -> Text,
        what -> Text,
        path -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    assignments (id) {
        id -> Integer,
        member_id -> Integer,
        stage -> Integer,
        sessions_per_week -> Integer,
        training_days -> Text,
        start_date -> Date,
        auto_advance -> Bool,
        dose_sets -> Nullable<Integer>,
        dose_reps_low -> Nullable<Integer>,
        dose_reps_high -> Nullable<Integer>,
        dose_hold_seconds -> Nullable<Integer>,
        working_load_grams -> Nullable<Integer>,
        regression_from_stage -> Nullable<Integer>,
        regression_restore_on -> Nullable<Date>,
        active -> Bool,
        created_by -> Integer,
        created_at -> Timestamp,
        load_cap_from -> Nullable<Date>,
        dose_stage -> Nullable<Integer>,
        rep_target -> Nullable<Integer>,
        variations -> Text,
        hold_from -> Nullable<Date>,
        hold_until -> Nullable<Date>,
        hold_reason -> Text,
        hold_open -> Bool,
    }
}

diesel::table! {
    attention_decisions (id) {
        id -> Integer,
        member_id -> Integer,
        reason -> Text,
        action -> Text,
        note -> Text,
        evidence_on -> Nullable<Date>,
        snoozed_until -> Nullable<Date>,
        decided_by -> Integer,
        decided_at -> Timestamp,
    }
}

diesel::table! {
    calendar_feeds (id) {
        id -> Integer,
        kind -> Text,
        member_id -> Nullable<Integer>,
        token_hash -> Text,
        created_by -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    coach_flags (id) {
        id -> Integer,
        member_id -> Integer,
        session_id -> Nullable<Integer>,
        kind -> Text,
        created_at -> Timestamp,
        resolved_at -> Nullable<Timestamp>,
        resolved_by -> Nullable<Integer>,
    }
}

diesel::table! {
    data_statement (id) {
        id -> Integer,
        version -> Integer,
        body -> Text,
        updated_by -> Nullable<Integer>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    department (id) {
        id -> Integer,
        name -> Text,
        time_zone -> Text,
        units -> Text,
        rotation_pattern -> Text,
        rotation_anchor -> Date,
        platoon_offset_days -> Integer,
        shift_change_minutes -> Integer,
        platoons -> Text,
        near_zero_pct -> Integer,
        asymmetry_pct -> Integer,
        compensation_pct -> Integer,
        hugged_tolerance_pct -> Integer,
        retest_weeks -> Integer,
    }
}

diesel::table! {
    invites (id) {
        id -> Integer,
        token_hash -> Text,
        role -> Text,
        member_id -> Nullable<Integer>,
        name -> Text,
        created_by -> Integer,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        reset_user_id -> Nullable<Integer>,
    }
}

diesel::table! {
    member_erasures (id) {
        id -> Integer,
        member_id -> Integer,
        erased_by -> Integer,
        erased_at -> Timestamp,
    }
}

diesel::table! {
    members (id) {
        id -> Integer,
        name -> Text,
        station -> Text,
        platoon -> Nullable<Text>,
        start_date -> Date,
        notes -> Text,
        active -> Bool,
        user_id -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> Integer,
        member_id -> Nullable<Integer>,
        recipients -> Text,
        subject -> Text,
        body -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        last_attempt_at -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        gave_up_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    range_test_audit (id) {
        id -> Integer,
        range_test_id -> Integer,
        member_id -> Integer,
        action -> Text,
        changed_by -> Integer,
        changed_at -> Timestamp,
        before_json -> Text,
        after_json -> Nullable<Text>,
    }
}

diesel::table! {
    range_tests (id) {
        id -> Integer,
        member_id -> Integer,
        tested_on -> Date,
        double_leg_um -> BigInt,
        ninety_left_um -> BigInt,
        ninety_right_um -> BigInt,
        hugged_left_um -> BigInt,
        hugged_right_um -> BigInt,
        felt_a -> Text,
        felt_b -> Text,
        felt_c -> Text,
        cramp -> Bool,
        pain -> Bool,
        pain_where -> Text,
        notes -> Text,
        tested_by -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    session_logs (id) {
        id -> Integer,
        member_id -> Integer,
        assignment_id -> Integer,
        stage -> Integer,
        trained_on -> Date,
        status -> Text,
        as_prescribed -> Bool,
        felt -> Text,
        pain -> Text,
        cramp -> Bool,
        good_form -> Bool,
        effort -> Nullable<Integer>,
        note -> Text,
        outcome -> Text,
        outcome_stage -> Nullable<Integer>,
        outcome_until -> Nullable<Date>,
        fixes -> Text,
        suggest_floor_bridges -> Bool,
        idempotency_key -> Text,
        entered_by -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        extra -> Bool,
        prescribed_load_grams -> Nullable<Integer>,
        variations -> Text,
        top_load_grams -> Nullable<Integer>,
        shift -> Nullable<Text>,
        shift_sleep -> Nullable<Text>,
        shift_soreness -> Nullable<Text>,
        shift_calls -> Nullable<Text>,
        lighter -> Bool,
        stopped -> Bool,
        voided_at -> Nullable<Timestamp>,
        voided_by -> Nullable<Integer>,
        void_reason -> Text,
        working_load_before -> Nullable<Integer>,
        rep_target_before -> Nullable<Integer>,
        pain_week_from_before -> Nullable<Integer>,
        pain_week_until_before -> Nullable<Date>,
        sets_text -> Text,
    }
}

diesel::table! {
    session_sets (id) {
        id -> Integer,
        session_id -> Integer,
        set_number -> Integer,
        reps -> Integer,
        reps_other_side -> Nullable<Integer>,
        load_grams -> Integer,
        hold_seconds -> Integer,
    }
}

diesel::table! {
    stage_changes (id) {
        id -> Integer,
        member_id -> Integer,
        assignment_id -> Integer,
        from_stage -> Nullable<Integer>,
        to_stage -> Integer,
        reason -> Text,
        note -> Text,
        changed_by -> Nullable<Integer>,
        changed_at -> Timestamp,
        session_id -> Nullable<Integer>,
        undone -> Bool,
    }
}

diesel::table! {
    stage_demonstrations (stage_id) {
        stage_id -> Integer,
        video_url -> Nullable<Text>,
        image -> Nullable<Binary>,
        image_type -> Nullable<Text>,
        updated_by -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    stages (id) {
        id -> Integer,
        name -> Text,
        summary -> Text,
        setup -> Text,
        sets -> Integer,
        reps_low -> Integer,
        reps_high -> Integer,
        per_leg -> Bool,
        hold_seconds -> Integer,
        tempo -> Text,
        load_kind -> Text,
        load_rule -> Text,
        advance_reps -> Integer,
        qualifying_sessions -> Integer,
        coach_confirms -> Bool,
        advance_rule -> Text,
        cues -> Text,
        mistakes -> Text,
    }
}

diesel::table! {
    statement_acknowledgements (user_id, version) {
        user_id -> Integer,
        version -> Integer,
        acknowledged_at -> Timestamp,
    }
}

diesel::table! {
    trainer_stations (user_id, station) {
        user_id -> Integer,
        station -> Text,
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

diesel::joinable!(access_records -> members (member_id));
diesel::joinable!(access_records -> users (viewer_id));
diesel::joinable!(assignments -> members (member_id));
diesel::joinable!(assignments -> users (created_by));
diesel::joinable!(attention_decisions -> members (member_id));
diesel::joinable!(attention_decisions -> users (decided_by));
diesel::joinable!(calendar_feeds -> members (member_id));
diesel::joinable!(calendar_feeds -> users (created_by));
diesel::joinable!(coach_flags -> members (member_id));
diesel::joinable!(coach_flags -> session_logs (session_id));
diesel::joinable!(coach_flags -> users (resolved_by));
diesel::joinable!(invites -> members (member_id));
diesel::joinable!(invites -> users (created_by));
diesel::joinable!(data_statement -> users (updated_by));
diesel::joinable!(member_erasures -> members (member_id));
diesel::joinable!(member_erasures -> users (erased_by));
diesel::joinable!(members -> users (user_id));
diesel::joinable!(range_test_audit -> members (member_id));
diesel::joinable!(range_test_audit -> users (changed_by));
diesel::joinable!(range_tests -> members (member_id));
diesel::joinable!(range_tests -> users (tested_by));
diesel::joinable!(session_logs -> assignments (assignment_id));
diesel::joinable!(session_logs -> members (member_id));
diesel::joinable!(session_logs -> users (entered_by));
diesel::joinable!(session_sets -> session_logs (session_id));
diesel::joinable!(stage_changes -> assignments (assignment_id));
diesel::joinable!(stage_changes -> members (member_id));
diesel::joinable!(stage_changes -> users (changed_by));
diesel::joinable!(stage_demonstrations -> stages (stage_id));
diesel::joinable!(stage_demonstrations -> users (updated_by));
diesel::joinable!(statement_acknowledgements -> users (user_id));
diesel::joinable!(trainer_stations -> users (user_id));
diesel::joinable!(web_sessions -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    access_records,
    assignments,
    attention_decisions,
    calendar_feeds,
    coach_flags,
    data_statement,
    department,
    invites,
    member_erasures,
    members,
    range_test_audit,
    range_tests,
    session_logs,
    session_sets,
    stage_changes,
    stage_demonstrations,
    stages,
    statement_acknowledgements,
    trainer_stations,
    users,
    web_sessions,
);
