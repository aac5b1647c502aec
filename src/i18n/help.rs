//! `--help` in Japanese: every command's about and after-help, every argument's help, keyed by
//! command path and argument id (`cli/help.rs` sets them on the clap command tree). English is
//! the doc comments on the clap types. A paragraph break (`\n\n`) divides the summary `-h` shows
//! from the rest `--help` adds.
//!
//! Keys: `roadmap status` (a command's about), `roadmap status/long` (its long about, if it has
//! one), `roadmap status/after` (its after-help),
//! `roadmap status:format` (an argument), `roadmap status:fail_on=overdue` (a possible value),
//! `*:dir` (a global option, and clap's `*:help`, `*:version`, `*:help-command`).

use super::Lang;

/// The help text of `key` in `lang`; `None` in English (clap's own) and for a key not listed.
/// An argument the subcommands of one command share is listed once, for all of them:
/// `roadmap record *:item` answers `roadmap record done:item`.
pub fn text(key: &str, lang: Lang) -> Option<&'static str> {
    let table = match lang {
        Lang::En => return None,
        Lang::Ja => JA,
    };
    let find = |k: &str| table.iter().find(|(x, _)| *x == k).map(|(_, v)| *v);
    find(key).or_else(|| find(&shared(key)?))
}

/// The key an argument of a subcommand has when its siblings share it: `roadmap record *:item`.
pub fn shared(key: &str) -> Option<String> {
    let (path, id) = key.split_once(':')?;
    let (parent, _) = path.rsplit_once(' ')?;
    Some(format!("{parent} *:{id}"))
}

pub static JA: &[(&str, &str)] = &[
    (
        "*:as_of",
        "工程表を評価する日（2024-03-31、令和6年3月31日、R6.3.31）［既定値: 工程表のタイムゾーンでの今日］",
    ),
    (
        "*:ascii",
        "データ自体の文字以外は ASCII だけで出力します。罫線・記号・省略記号（…）を使いません（幅があいまいな文字を全角で表示する端末向け）",
    ),
    (
        "*:color",
        "出力を色付けする条件。`auto` は NO_COLOR が設定されていなければ端末への出力を色付けします",
    ),
    (
        "*:date_style",
        "人が読む日付の書き方。`japanese`（日本語の出力では令和6年3月31日）または `iso`（2024-03-31）。JSON や機械向けの列は常に ISO 形式です",
    ),
    (
        "*:dir",
        "工程表のディレクトリ（roadmap.toml と items/ を置く場所）［既定値: git がリポジトリを探すように、今のディレクトリから上へ探します。./roadmap か、今いる工程表のディレクトリ］",
    ),
    ("*:dry_run", "何が変わるかを表示し、何も書き込みません"),
    ("*:help", "ヘルプを表示します"),
    (
        "*:help-command",
        "このヘルプ、または指定したサブコマンドのヘルプを表示します",
    ),
    ("*:help/more", "ヘルプを表示します（詳しくは '--help'）"),
    ("*:help/summary", "ヘルプを表示します（要約は '-h'）"),
    (
        "*:lang",
        "出力の言語［既定値: 工程表の計画ファイルの `lang`、なければロケール］",
    ),
    ("*:version", "バージョンを表示します"),
    (
        "roadmap",
        "政府の改革工程表を git 上の TOML ファイルとして管理し、「今どこまで進んでいるか」「何が変わったか」に答えます",
    ),
    (
        "roadmap completions",
        "コマンド、項目・工程の ID、状態、横断テーマを補完するシェル用スクリプトを表示します",
    ),
    (
        "roadmap completions/after",
        "導入方法（Tab を押すたびにスクリプトが `roadmap` に ID を問い合わせるので、常に最新です）:\n  bash        echo 'source <(roadmap completions bash)' >> ~/.bashrc\n  zsh         echo 'source <(roadmap completions zsh)' >> ~/.zshrc\n  fish        roadmap completions fish > ~/.config/fish/completions/roadmap.fish\n  PowerShell  roadmap completions powershell | Out-String | Invoke-Expression （$PROFILE に追加）\n  elvish      eval (roadmap completions elvish | slurp)\n\n同じスクリプトは `COMPLETE=<shell> roadmap` でも得られます。",
    ),
    ("roadmap completions:shell", "補完するシェル"),
    (
        "roadmap diff",
        "2 つのリビジョンの間で意味の上で何が変わったかを表示します（完了した工程、後ろ倒し、指標の値）",
    ),
    (
        "roadmap diff/after",
        "例:\n  roadmap diff                      HEAD と作業ツリー（これからコミットする内容）\n  roadmap diff main                 main と作業ツリー\n  roadmap diff main HEAD            main と HEAD（main..HEAD も同じ）\n  roadmap diff origin/main...HEAD   マージベースから（プルリクエストと同じ比較）\n  roadmap diff --no-index old/ new/ 2 つの工程表ディレクトリ\n\n終了コード: 0（--exit-code・--fail-on の条件に当たれば 1）、エラーは 2",
    ),
    (
        "roadmap diff:exit_code",
        "意味の上の変更があれば終了コード 1 にします（`git diff --exit-code` と同じ）",
    ),
    (
        "roadmap diff:fail_on",
        "工程が後ろ倒しになった（`slip`）か、新しい側の検査でエラーが出た（`invalid`）ときに終了コード 1 にします",
    ),
    (
        "roadmap diff:format",
        "出力形式。`markdown` はプルリクエストのコメントです",
    ),
    (
        "roadmap diff:no_index",
        "git のリビジョンではなく、2 つの工程表ディレクトリを比べます",
    ),
    (
        "roadmap diff:no_validate",
        "新しい側を検査しません（大きな工程表で速くなります）",
    ),
    (
        "roadmap diff:revs",
        "比べるリビジョン: なし、BASE、BASE HEAD、BASE..HEAD、BASE...HEAD。--no-index では 2 つの工程表ディレクトリ",
    ),
    (
        "roadmap fmt",
        "工程表のファイルを一つの正規の書式に書き直します（意味は変わりません）",
    ),
    (
        "roadmap fmt/after",
        "例:\n  roadmap fmt            正規の書式でないファイルを書き直す\n  roadmap fmt --check    変わるファイルを一覧し、あれば終了コード 1（CI 向け）\n\n書式: キーは docs/format.md の順、各テーブルの前に空行 1 つ、改行は LF、行末の空白なし、BOM はもとのファイルにあった場合だけ。コメントと値は書いたまま残ります。",
    ),
    (
        "roadmap fmt:check",
        "何も書き込まず、変わるファイルを一覧し、あれば終了コード 1 にします",
    ),
    (
        "roadmap form",
        "部局が記入する照会票（進捗の入力用紙）を XLSX または CSV で作ります",
    ),
    (
        "roadmap form/after",
        "例:\n  roadmap form --owner 人事課 -o 人事課.xlsx      （一つの部局に 1 枚）\n  roadmap form --each-owner 照会/                （部局ごとに 1 枚: 照会/人事課.xlsx など）\n  roadmap form --category 2 --fy 2024 -o 2024-2.xlsx\n  roadmap form --item 1-1-1 --item 1-1-2 -o answers.csv  （Excel のない部局には CSV）\n\n行: その年度までに始まった工程（毎年度の工程は回ごと）。完了・中止の報告があるものも、誤りを直せるように含みます。指標の値はその年度までの各年度（記録の有無を問わず）。`roadmap import` で読み戻します。",
    ),
    (
        "roadmap form:category",
        "この大項目（2）または中項目（2-3）の項目だけ",
    ),
    (
        "roadmap form:each_owner",
        "項目の担当部局ごとに 1 枚ずつ、DIR/<部局>.xlsx に書き出します（全部書くか何も書かないか）",
    ),
    (
        "roadmap form:force",
        "--each-owner で、DIR にある同じ名前の照会票を置き換えます（送付済みの照会票は status --unanswered が読む記録なので、これがなければ残します）",
    ),
    (
        "roadmap form:fy",
        "照会する年度。その年度までの回と値を尋ねます［既定値: 基準日の年度］",
    ),
    ("roadmap form:item", "この項目だけ（繰り返し指定できます）"),
    (
        "roadmap form:output",
        "書き出すファイル: FILE.xlsx、または進捗入力の行だけの FILE.csv（`-` はブックを標準出力へ）",
    ),
    (
        "roadmap form:owner",
        "担当（部局）にこの文字列を含む項目だけ",
    ),
    (
        "roadmap import",
        "記入済みの照会票を読み込み、回答を記録します（先にすべて検査し、全ファイルを書くか何も書かないか）",
    ),
    (
        "roadmap import/after",
        "例:\n  roadmap import 人事課.xlsx --dry-run     （回答で何が変わるかを表示）\n  roadmap import 人事課.xlsx\n  roadmap import answers.csv              （CSV の照会票、UTF-8）\n\n何かを書き込む前にすべての回答を検査します。誤った値はセル（進捗入力!J12）で示し、問題はまとめて表示して終了コード 1 にします。照会票を作った後に工程表で変わった工程への回答は競合として扱い、--force がなければ何も書き込みません。同じ照会票をもう一度読み込んでも何も変わりません。",
    ),
    (
        "roadmap import:dry_run",
        "何が変わるかを表示し、何も書き込みません",
    ),
    (
        "roadmap import:file",
        "記入済みの照会票: FILE.xlsx（`roadmap form` で作ったもの）または FILE.csv",
    ),
    (
        "roadmap import:force",
        "照会票を作った後に変わった工程への回答も読み込みます",
    ),
    (
        "roadmap log",
        "git の履歴から意味の上の変更を表示します: 誰がいつ何を変えたか（--burnup では進捗の推移）",
    ),
    (
        "roadmap log/after",
        "例:\n  roadmap log                    工程表の意味を変えたすべてのコミット\n  roadmap log 1-1-1              一つの項目の履歴: 誰がいつ完了にしたか\n  roadmap log 1-1-1 model-run    一つの工程の履歴\n  roadmap log --since v1.0       v1.0 より後のコミット\n  roadmap log --since 2024-04-01 ある日からのコミット（令和6年4月1日 とも書けます）\n  roadmap log --first-parent     マージされたプルリクエストごとに 1 件\n  roadmap log --burnup           四半期ごとの完了・報告済み・期限超過\n\nファイルの書式だけを変えたコミット（roadmap fmt、コメント）は --all がなければ表示しません。--burnup に git は要りません。報告と変更の日付から数えます。",
    ),
    (
        "roadmap log:all",
        "ファイルの書式だけを変えたコミットも表示します",
    ),
    (
        "roadmap log:burnup",
        "報告の日付から、進捗の推移（完了・報告済み・遅延・期限超過）を表示します",
    ),
    (
        "roadmap log:first_parent",
        "最初の親だけをたどります。マージはそれが持ち込んだ変更とともに 1 件になります",
    ),
    ("roadmap log:format", "出力形式"),
    ("roadmap log:item", "この項目の履歴だけ（`1-1-1`）"),
    ("roadmap log:milestone", "その項目のこの工程だけ"),
    (
        "roadmap log:since",
        "このリビジョンの後から、またはこの日から",
    ),
    ("roadmap log:until", "このリビジョンまで、またはこの日まで"),
    (
        "roadmap man",
        "マニュアルページ（roff）を表示するか、すべてのページをディレクトリに書き出します",
    ),
    (
        "roadmap man/after",
        "例:\n  roadmap man | man -l -                          メインのページをすぐ読む\n  roadmap man --out-dir ~/.local/share/man/man1   全ページを入れて `man roadmap-status` で読む\n  sudo roadmap man --out-dir /usr/local/share/man/man1\n\n入れた後は `man roadmap` と `man roadmap-<サブコマンド>` が使えます（man の索引を持つシステムでは `mandb` を実行してください）。ページは英語です。",
    ),
    (
        "roadmap man:out_dir",
        "メインのページを表示する代わりに、すべてのページ（roadmap.1、roadmap-status.1 など）をこのディレクトリに書き出します。ディレクトリがなければ作ります",
    ),
    (
        "roadmap record",
        "進捗を記録します: 報告、日程の変更、指標の値（ファイルをその場で編集します）",
    ),
    ("roadmap record *:by", "報告する部局・担当"),
    ("roadmap record *:evidence", "それを示す文書または URL"),
    (
        "roadmap record *:fy",
        "値の年度: 2023、FY2023、R5、令和5年度",
    ),
    (
        "roadmap record *:indicator",
        "指標: その ID、または名称の一部",
    ),
    ("roadmap record *:item", "項目（例: 1-1-1）"),
    (
        "roadmap record *:milestone",
        "工程: その ID、またはその工程だけが持つ文言の一部",
    ),
    ("roadmap record *:on", "効力が生じた日［既定値: 今日］"),
    (
        "roadmap record *:published",
        "出典が公表した日（公表日）。値はその日から数えます",
    ),
    (
        "roadmap record *:series",
        "系列（ID または名称）。指標に系列が複数あるとき",
    ),
    ("roadmap record *:source", "値の出典（統計名）"),
    (
        "roadmap record *:value",
        "値: 数値（`１，２００人` は 1200）、定性的な系列なら文章",
    ),
    (
        "roadmap record baseline",
        "指標の基準値とその年度を設定します",
    ),
    (
        "roadmap record delay",
        "工程の遅延を理由とともに申告します（--until でいつ終わるかも）",
    ),
    ("roadmap record delay:note", "進捗状況"),
    ("roadmap record delay:reason", "遅延の理由（必須）"),
    (
        "roadmap record delay:approx",
        "その終わりは目途です（期限としません）",
    ),
    (
        "roadmap record delay:until",
        "終わりをこの時期に変更します。年度か、reschedule --until と同じ書き方の時点（当初計画は残ります）",
    ),
    (
        "roadmap record done",
        "工程の完了を報告します（毎年度の工程は --fy で 1 回分）",
    ),
    ("roadmap record done:fy", "毎年度の工程の回（年度）"),
    ("roadmap record done:note", "実施した内容（進捗状況）"),
    ("roadmap record drop", "工程の中止を理由とともに報告します"),
    ("roadmap record drop:reason", "取りやめた理由（必須）"),
    ("roadmap record note", "状態を変えない経過を記録します"),
    (
        "roadmap record note:fy",
        "経過が対象とする毎年度の工程の回（年度）",
    ),
    ("roadmap record note:text", "起きたこと"),
    (
        "roadmap record reschedule",
        "工程の日程を変更します。当初計画はその横に残ります",
    ),
    (
        "roadmap record reschedule:approx",
        "新しい終わり（--to か --until）は目途です（期限としません）",
    ),
    ("roadmap record reschedule:from", "新しい開始年度"),
    (
        "roadmap record reschedule:on",
        "変更を決めた日［既定値: 今日］",
    ),
    (
        "roadmap record reschedule:open",
        "以後は終わりを定めません（継続。期限としません）",
    ),
    ("roadmap record reschedule:reason", "理由（必須）"),
    ("roadmap record reschedule:to", "新しい終了年度"),
    (
        "roadmap record reschedule:until",
        "年度より細かい新しい終わり: 2025-H1、2025-Q3、2025-12、CY2025、または 令和7年度上期、令和7年度第3四半期、令和7年12月、令和7年末、令和8年夏（8月の目途）",
    ),
    ("roadmap record start", "工程の着手を報告します"),
    ("roadmap record start:note", "着手した内容（進捗状況）"),
    (
        "roadmap record target",
        "指標のある年度の目標（中間または最終）を設定します",
    ),
    ("roadmap record value", "指標のある年度の値を記録します"),
    (
        "roadmap record/after",
        "例:\n  roadmap record done 1-1-1 model-recruit --on 令和5年2月15日 --note '4部局が応募' --by 人事課\n  roadmap record done 1-1-1 1on1-awareness-training --fy R5 --evidence 研修実績報告\n  roadmap record delay 1-1-1 model-run --reason '国会対応期間と重なった' --until 2024\n  roadmap record reschedule 2-3-2 issue-finding --until 令和7年度第4四半期 --reason '関係機関との調整'\n  roadmap record value 1-1-1 1on1-status --series 実施人数 --fy 2023 １，２００人\n  roadmap record done 1-1-1 募集 --dry-run      （工程を文言の一部で指定）\n\n日付: 2023-03-10、2023/3/10、令和5年3月10日、R5.3.10（既定値: 工程表のタイムゾーンでの今日）\n年度: 2023、FY2023、2023年度、R5、令和5年度、令和元年度\n終わり（--until）: 年度、2025-H1、2025-Q3、2025-12、CY2025、令和7年度上期、令和7年度第3四半期、\n  令和7年12月、令和7年末、令和8年夏（目途: 春は5月、夏は8月、秋は11月、冬は翌年2月）。\n  後ろに「目途」を付ければ目途、終わりを定めないなら「期限なし」",
    ),
    (
        "roadmap report",
        "進捗報告を Markdown、HTML、CSV または Excel で書き出します",
    ),
    (
        "roadmap report:format",
        "出力形式［既定値: -o のファイルの拡張子（.md、.html、.csv、.xlsx）から、なければ markdown］",
    ),
    (
        "roadmap report:fy",
        "この年度の末日時点で報告します（--as-of の代わり）",
    ),
    (
        "roadmap report:include_notes",
        "転記注も出力します（事務局向けで、説明資料向けではありません）",
    ),
    (
        "roadmap report:output",
        "標準出力の代わりにこのファイルに書き出します（アトミックに。`-` は標準出力）。端末で xlsx を出すときは必須",
    ),
    (
        "roadmap report:owner",
        "この担当の分だけ: 主担当の項目と、ほかの項目ではその担当（主担当・関係）の工程と指標",
    ),
    (
        "roadmap report:since",
        "前回報告からの変化を加えます: リビジョン（2024Q3 のようなタグ、ブランチ）または日付（その日以前の最後のコミット）",
    ),
    (
        "roadmap report:summary",
        "代わりに 1 ページの要約を書き出します（markdown、html、xlsx。A4 1 枚に印刷できます）",
    ),
    (
        "roadmap report:table",
        "書き出す CSV の表（csv のみ。since は --since が必要）［既定値: items］",
    ),
    (
        "roadmap schema",
        "ファイルの JSON Schema をエディタ向けに表示します（VS Code と Even Better TOML、taplo）",
    ),
    (
        "roadmap schema/after",
        "例:\n  roadmap schema plan > schema/plan.schema.json\n  roadmap schema item > schema/item.schema.json\n\nスキーマは JSON Schema draft 7 で、パーサがファイルを検査するのと同じキーの表から作ります。VS Code と Even Better TOML（taplo を使うエディタ）は、リポジトリの最上位の .taplo.toml を通して読み込みます。補完、日本語と英語のホバー表示、知らないキーの下線が使えます。スキーマで表せないこと（ID とファイル名の一致、参照先の存在、実在する日付）は `roadmap validate` が検査します。",
    ),
    (
        "roadmap schema:file",
        "どのファイルか: `plan`（roadmap.toml）または `item`（items/<id>.toml）",
    ),
    (
        "roadmap status",
        "基準日時点で工程表がどこまで進んでいるかを表示します",
    ),
    (
        "roadmap status/after",
        "例:\n  roadmap status                          今日時点のすべての状況\n  roadmap status 2-3-2                    一つの項目を出典の表の形で\n  roadmap status --timeline --as-of 2024-03-31\n  roadmap status --state overdue --theme 1\n  roadmap status --format json | jq '.totals'\n  roadmap status --rev v2024Q3 --as-of 2024-09-30   前四半期に報告した内容\n  roadmap status --fail-on overdue        遅延・期限超過があれば終了コード 1（CI）\n\n状態の決め方: docs/status.md",
    ),
    (
        "roadmap status:category",
        "この大項目（`2`）または中項目（`2-3`）だけ",
    ),
    (
        "roadmap status:fail_on",
        "条件に当たれば終了コード 1 にします（CI の関門向け）",
    ),
    (
        "roadmap status:fail_on=overdue",
        "（表示する項目の）工程に、遅延の報告があるか、完了の報告がないまま期限を過ぎたものがある",
    ),
    ("roadmap status:format", "出力形式"),
    (
        "roadmap status:grep",
        "ID、題名、注記、工程または指標にこの文字列を含む項目だけ",
    ),
    (
        "roadmap status:item",
        "一つの項目をすべて表示します（例: 2-3-2）: 年度の列に並べた工程、指標、注記",
    ),
    (
        "roadmap status:owner",
        "担当にこの文字列を含む項目だけ（主担当でない項目は、その担当の工程・指標だけ）",
    ),
    (
        "roadmap status:rev",
        "この git のリビジョン（タグ、ブランチ、SHA、HEAD~3 など）に記録された工程表を表示します。作業ツリーには触れません",
    ),
    (
        "roadmap status:state",
        "これらの状態の項目だけ（カンマ区切り）: done、dropped、delayed、past_due、due_this_fy、in_progress、active、upcoming、before_plan、no_schedule、または 遅延・期限超過 のような表示名。`overdue` は delayed と past_due",
    ),
    (
        "roadmap status:theme",
        "この横断テーマの項目だけ（`1` または `※1`）",
    ),
    (
        "roadmap status:timeline",
        "すべての項目を計画期間の年度にわたるタイムライン（ガントチャート）で表示します",
    ),
    (
        "roadmap status:unanswered",
        "送った照会票が尋ねた項目のうち、その後回答のないものを担当ごとに一覧します",
    ),
    (
        "roadmap validate",
        "工程表のファイルを検査します: 構文、スキーマ、規則（指摘があれば終了コード 1）",
    ),
    (
        "roadmap validate/after",
        "例:\n  roadmap validate                        すべての指摘を rustc の形式で\n  roadmap validate --format github        GitHub Actions のジョブ向けの注釈\n  roadmap validate --strict               警告でも失敗にする\n\n終了コード: 0 問題なし、1 指摘あり、2 使い方の誤りまたは入出力のエラー。規則とコード: docs/validate.md",
    ),
    (
        "roadmap validate:format",
        "出力形式。`github` はプルリクエストに注釈を付けるワークフローコマンドを出力します",
    ),
    ("roadmap validate:strict", "警告でも失敗にします"),
    (
        "roadmap/after",
        "終了コード: 0 正常、1 指摘あり（または --fail-on・--exit-code の条件に当たった）、2 使い方の誤りまたは入出力のエラー",
    ),
];
