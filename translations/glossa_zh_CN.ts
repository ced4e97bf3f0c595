<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Split</name>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>dev</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
</context>
<context>
    <name>glossa::ui::DataPage</name>
    <message>
        <source>The query failed: %1</source>
        <translation>查询失败：%1</translation>
    </message>
    <message>
        <source>remove one example&apos;s label</source>
        <translation>移除 1 个样本的标签</translation>
    </message>
    <message>
        <source>remove the labels of %1 examples</source>
        <translation>移除 %1 个样本的标签</translation>
    </message>
    <message>
        <source>Labelled as %1</source>
        <translation>已标注为 %1</translation>
    </message>
    <message>
        <source>Labelled %1 examples as %2</source>
        <translation>已将 %1 个样本标注为 %2</translation>
    </message>
    <message>
        <source>Removed the label</source>
        <translation>已移除标签</translation>
    </message>
    <message>
        <source>Removed the labels of %1 examples</source>
        <translation>已移除 %1 个样本的标签</translation>
    </message>
    <message>
        <source>label one example as %1</source>
        <translation>将 1 个样本标注为 %1</translation>
    </message>
    <message>
        <source>label %1 examples as %2</source>
        <translation>将 %1 个样本标注为 %2</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ExamplePanel</name>
    <message>
        <source>import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>bulk edit</source>
        <translation>批量编辑</translation>
    </message>
    <message>
        <source>accepted suggestion</source>
        <translation>采纳建议</translation>
    </message>
    <message>
        <source>undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>更改</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Label as %1 (key %2)</source>
        <translation>标注为 %1（按键 %2）</translation>
    </message>
    <message>
        <source>All %1 labels…  L</source>
        <translation>全部 %1 个标签…  L</translation>
    </message>
    <message>
        <source>Pick any label by typing part of its name (key L)</source>
        <translation>输入名称的一部分以选择任意标签（按键 L）</translation>
    </message>
    <message>
        <source>Example %1</source>
        <translation>样本 %1</translation>
    </message>
    <message>
        <source>Language: %1 (guessed)</source>
        <translation>语言：%1（推测）</translation>
    </message>
    <message>
        <source>Language: %1</source>
        <translation>语言：%1</translation>
    </message>
    <message>
        <source>Split: %1</source>
        <translation>划分：%1</translation>
    </message>
    <message>
        <source>Group: %1</source>
        <translation>分组：%1</translation>
    </message>
    <message>
        <source>&lt;i&gt;unlabelled&lt;/i&gt;</source>
        <translation>&lt;i&gt;未标注&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Label: &lt;b&gt;%1&lt;/b&gt;%2</source>
        <translation>标签：&lt;b&gt;%1&lt;/b&gt;%2</translation>
    </message>
    <message>
        <source> &lt;small&gt;(edited)&lt;/small&gt;</source>
        <translation> &lt;small&gt;（已手动修改）&lt;/small&gt;</translation>
    </message>
    <message>
        <source>Predicted: &lt;b&gt;&lt;span style=&quot;color:%1&quot;&gt;%2&lt;/span&gt;&lt;/b&gt; (%3)</source>
        <translation>预测：&lt;b&gt;&lt;span style=&quot;color:%1&quot;&gt;%2&lt;/span&gt;&lt;/b&gt;（%3）</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>No changes yet</source>
        <translation>还没有更改</translation>
    </message>
    <message>
        <source>No example selected</source>
        <translation>未选择样本</translation>
    </message>
    <message>
        <source>Select a row to see its whole text and history.</source>
        <translation>选择一行以查看其完整文本和历史。</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ExampleTableModel</name>
    <message>
        <source>Language guessed from the text</source>
        <translation>根据文本推测的语言</translation>
    </message>
    <message>
        <source>Edited by hand</source>
        <translation>已手动修改</translation>
    </message>
    <message>
        <source>(unlabelled)</source>
        <translation>（未标注）</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>划分</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>正确</translation>
    </message>
</context>
<context>
    <name>glossa::ui::FilterBar</name>
    <message>
        <source>Unlabelled</source>
        <translation>未标注</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>Disagreements</source>
        <translation>预测不一致</translation>
    </message>
    <message>
        <source>Low confidence</source>
        <translation>低置信度</translation>
    </message>
    <message>
        <source>Search text (any language)…  /</source>
        <translation>搜索文本（任意语言）…  /</translation>
    </message>
    <message>
        <source>Only this language</source>
        <translation>仅显示此语言</translation>
    </message>
    <message>
        <source>Only this label</source>
        <translation>仅显示此标签</translation>
    </message>
    <message>
        <source>Only this split</source>
        <translation>仅显示此划分</translation>
    </message>
    <message>
        <source>All splits</source>
        <translation>全部划分</translation>
    </message>
    <message>
        <source>Only examples without a label</source>
        <translation>仅显示没有标签的样本</translation>
    </message>
    <message>
        <source>Only examples whose label was changed by hand</source>
        <translation>仅显示标签经过手动修改的样本</translation>
    </message>
    <message>
        <source>Show the predictions of a run</source>
        <translation>显示某次运行的预测</translation>
    </message>
    <message>
        <source>Only examples where the run&apos;s prediction differs from the label</source>
        <translation>仅显示该运行的预测与标签不一致的样本</translation>
    </message>
    <message>
        <source>Predictions:</source>
        <translation>预测：</translation>
    </message>
    <message>
        <source>All labels</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <source>No run with predictions</source>
        <translation>没有含预测的运行</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>All languages</source>
        <translation>全部语言</translation>
    </message>
    <message>
        <source>%1 examples</source>
        <translation>%1 个样本</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>Only predictions with a confidence below %1</source>
        <translation>仅显示置信度低于 %1 的预测</translation>
    </message>
    <message>
        <source>1 example</source>
        <translation>1 个样本</translation>
    </message>
    <message>
        <source>%1 of %2 examples</source>
        <translation>%1 / %2 个样本</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ImportDialog</name>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>划分</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>TSV</source>
        <translation>TSV</translation>
    </message>
    <message>
        <source>JSON Lines</source>
        <translation>JSON Lines</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>UTF-8</source>
        <translation>UTF-8</translation>
    </message>
    <message>
        <source>UTF-8 with byte order mark</source>
        <translation>UTF-8（带 BOM）</translation>
    </message>
    <message>
        <source>UTF-16 LE (save the file as UTF-8)</source>
        <translation>UTF-16 LE（请将文件另存为 UTF-8）</translation>
    </message>
    <message>
        <source>UTF-16 BE (save the file as UTF-8)</source>
        <translation>UTF-16 BE（请将文件另存为 UTF-8）</translation>
    </message>
    <message>
        <source>not UTF-8 (Latin-1 or another 8-bit encoding?)</source>
        <translation>非 UTF-8（Latin-1 或其他 8 位编码？）</translation>
    </message>
    <message>
        <source>binary data, not text</source>
        <translation>二进制数据，不是文本</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>Line %1: %2: %3</source>
        <translation>第 %1 行：%2：%3</translation>
    </message>
    <message>
        <source>Line %1 of the file</source>
        <translation>文件第 %1 行</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>“%1” is not imported</source>
        <translation>“%1”不会被导入</translation>
    </message>
    <message>
        <source>“%1” is imported as %2</source>
        <translation>“%1”将作为 %2 导入</translation>
    </message>
    <message>
        <source>Import a Dataset</source>
        <translation>导入数据集</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Detected</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>New dataset name</source>
        <translation>新数据集名称</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation>数据集(&amp;D)：</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>%1 (required):</source>
        <translation>%1（必需）：</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
    <message>
        <source>Split for rows without one</source>
        <translation>未指定划分的行</translation>
    </message>
    <message>
        <source>Train:</source>
        <translation>训练：</translation>
    </message>
    <message>
        <source>Dev:</source>
        <translation>验证：</translation>
    </message>
    <message>
        <source>Test:</source>
        <translation>测试：</translation>
    </message>
    <message>
        <source> %</source>
        <comment>percent after a number</comment>
        <translation>%</translation>
    </message>
    <message>
        <source>The same seed and the same rows always give the same split.</source>
        <translation>相同的种子和相同的行总会得到相同的划分。</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>未选择文件</translation>
    </message>
    <message>
        <source>Nothing was imported: %1</source>
        <translation>未导入任何内容：%1</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was imported.</source>
        <translation>导入已取消，未导入任何内容。</translation>
    </message>
    <message>
        <source>Import a File</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <source>Datasets (*.csv *.tsv *.tab *.jsonl *.ndjson *.json);;CSV (*.csv);;TSV (*.tsv *.tab);;JSON Lines (*.jsonl *.ndjson *.json);;All files (*)</source>
        <translation>数据集 (*.csv *.tsv *.tab *.jsonl *.ndjson *.json);;CSV (*.csv);;TSV (*.tsv *.tab);;JSON Lines (*.jsonl *.ndjson *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Train, dev and test must add up to 100 % (they add up to %1 %).</source>
        <translation>训练、验证和测试的比例之和必须为 100%（当前为 %1%）。</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Detected: %1</source>
        <translation>自动检测：%1</translation>
    </message>
    <message>
        <source>(choose a column)</source>
        <translation>（请选择列）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>The file has a column the importer reads as %1; map it to another column, or rename that column in the file to leave it out.</source>
        <translation>文件中有一列会被自动识别为“%1”；如不想导入该列，请为此项选择其他列，或在文件中重命名该列。</translation>
    </message>
    <message>
        <source>Nothing to preview.</source>
        <translation>没有可预览的内容。</translation>
    </message>
    <message numerus="yes">
        <source>All %Ln rows of the file:</source>
        <translation>
            <numerusform>文件的全部 %Ln 行：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The first %Ln rows of the file:</source>
        <translation>
            <numerusform>文件的前 %Ln 行：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %Ln rows checked: no problems found.</source>
        <translation>
            <numerusform>已检查全部 %Ln 行：未发现问题。</numerusform>
        </translation>
    </message>
    <message>
        <source>All %1 rows checked: no problems found.</source>
        <translation>已检查全部 %1 行：未发现问题。</translation>
    </message>
    <message>
        <source>Checking the rest of the file… %1 %</source>
        <translation>正在检查文件的其余部分… %1%</translation>
    </message>
    <message>
        <source>Name the dataset to import into.</source>
        <translation>请输入要导入的目标数据集名称。</translation>
    </message>
    <message>
        <source>Adds to the existing dataset.</source>
        <translation>将添加到现有数据集。</translation>
    </message>
    <message>
        <source>Creates a new dataset.</source>
        <translation>将创建新数据集。</translation>
    </message>
    <message>
        <source>Choose a file to import.</source>
        <translation>请选择要导入的文件。</translation>
    </message>
    <message>
        <source>Fix the problem shown below, or choose other columns.</source>
        <translation>请修复下方显示的问题，或选择其他列。</translation>
    </message>
    <message>
        <source>Choose the column that holds the text.</source>
        <translation>请选择包含文本的列。</translation>
    </message>
    <message>
        <source>Open a project to import into.</source>
        <translation>请先打开要导入到的项目。</translation>
    </message>
    <message>
        <source>This file has been imported.</source>
        <translation>此文件已导入。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Importing into “%1”…</source>
        <translation>正在导入到“%1”…</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Stop the import; nothing is imported.</source>
        <translation>停止导入，不会导入任何内容。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Cancelling: rolling the import back…</source>
        <translation>正在取消：回滚导入…</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ImportRunner</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message numerus="yes">
        <source>Imported %Ln rows into “%1” in %2.</source>
        <translation>
            <numerusform>已将 %Ln 行导入到“%1”，用时 %2。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln of them labelled.</source>
        <translation>
            <numerusform>其中 %Ln 行已标注。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>New labels: %1.</source>
        <translation>
            <numerusform>新标签：%1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new labels.</source>
        <translation>
            <numerusform>新增 %Ln 个标签。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>glossa::ui::LabelActions</name>
    <message>
        <source>%1  (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>&amp;Labels</source>
        <translation>标签(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Add Label…</source>
        <translation>添加标签(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Rename Label…</source>
        <translation>重命名标签(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Merge Labels…</source>
        <translation>合并标签(&amp;M)…</translation>
    </message>
    <message>
        <source>Add Label</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <source>New label for %1 (key %2):</source>
        <translation>%1 的新标签（按键 %2）：</translation>
    </message>
    <message>
        <source>%1 already has a label named %2.</source>
        <translation>%1 中已有名为 %2 的标签。</translation>
    </message>
    <message>
        <source>Rename Label</source>
        <translation>重命名标签</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <source>Merge Labels</source>
        <translation>合并标签</translation>
    </message>
    <message>
        <source>Merge:</source>
        <translation>合并：</translation>
    </message>
    <message>
        <source>Into:</source>
        <translation>合并到：</translation>
    </message>
    <message>
        <source>Every example with the first label is relabelled with the second, and the first label is removed from the label set. Edit ▸ Undo reverses the merge.</source>
        <translation>第一个标签下的所有样本将改标为第二个标签，第一个标签随后从标签集中移除。可用“编辑 ▸ 撤销”撤回合并。</translation>
    </message>
</context>
<context>
    <name>glossa::ui::LabelDistributionChart</name>
    <message>
        <source>(unknown)</source>
        <translation>（未知）</translation>
    </message>
    <message numerus="yes">
        <source>Other (%n labels)</source>
        <translation>
            <numerusform>其他（%n 个标签）</numerusform>
        </translation>
    </message>
    <message>
        <source>Unlabelled</source>
        <translation>未标注</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Labels per language</source>
        <translation>各语言的标签分布</translation>
    </message>
    <message>
        <source>No examples yet</source>
        <translation>还没有样本</translation>
    </message>
    <message numerus="yes">
        <source>%Ln examples</source>
        <translation>
            <numerusform>%Ln 个样本</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more</source>
        <translation>
            <numerusform>…另有 %Ln 个</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>glossa::ui::LabelPicker</name>
    <message>
        <source>Type to find a label…</source>
        <translation>输入以查找标签…</translation>
    </message>
    <message>
        <source>This dataset has no labels yet.</source>
        <translation>此数据集还没有标签。</translation>
    </message>
    <message>
        <source>No label matches “%1”.</source>
        <translation>没有与“%1”匹配的标签。</translation>
    </message>
</context>
<context>
    <name>glossa::ui::MainWindow</name>
    <message>
        <source>Glossa projects (*.glossa);;All files (*)</source>
        <translation>Glossa 项目 (*.glossa);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Glossa</source>
        <translation>Glossa</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Open the &amp;Demo Project</source>
        <translation>打开演示项目(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Project Panel</source>
        <translation>项目面板(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Glossa</source>
        <translation>关于 Glossa(&amp;A)</translation>
    </message>
    <message>
        <source>About Glossa</source>
        <translation>关于 Glossa</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Glossa %1&lt;/h3&gt;&lt;p&gt;A workbench for labelling, training and inspecting multilingual text classifiers.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Glossa %1&lt;/h3&gt;&lt;p&gt;用于标注、训练和检查多语言文本分类器的工作台。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>没有最近的项目</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>%1 already exists. Choose another name, or open it with File ▸ Open Project.</source>
        <translation>%1 已存在。请换一个名称，或通过“文件 ▸ 打开项目”打开它。</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>%1 — Glossa</source>
        <translation>%1 — Glossa</translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Could not refresh: %1</source>
        <translation>无法刷新：%1</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>&amp;Undo: %1</source>
        <translation>撤销(&amp;U)：%1</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo: %1</source>
        <translation>重做(&amp;R)：%1</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Import Examples…</source>
        <translation>导入样本(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Clear Filters</source>
        <translation>清除筛选(&amp;C)</translation>
    </message>
    <message>
        <source>Label &amp;Distribution</source>
        <translation>标签分布(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>导航</translation>
    </message>
    <message>
        <source>Next example</source>
        <translation>下一个样本</translation>
    </message>
    <message>
        <source>Previous example</source>
        <translation>上一个样本</translation>
    </message>
    <message>
        <source>Extend the selection</source>
        <translation>扩展选择</translation>
    </message>
    <message>
        <source>Search the texts</source>
        <translation>搜索文本</translation>
    </message>
    <message>
        <source>Back to the table from the search field</source>
        <translation>从搜索框返回表格</translation>
    </message>
    <message>
        <source>Labelling</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Give the selection the label with that number, then go to the next row</source>
        <translation>为所选样本标注对应编号的标签，然后转到下一行</translation>
    </message>
    <message>
        <source>Pick any label by typing part of its name</source>
        <translation>输入名称的一部分以选择任意标签</translation>
    </message>
    <message>
        <source>Remove the label</source>
        <translation>移除标签</translation>
    </message>
    <message>
        <source>Editing</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Undo the last label change</source>
        <translation>撤销上一次标签更改</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Import examples from a file</source>
        <translation>从文件导入样本</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Show or hide the project panel</source>
        <translation>显示或隐藏项目面板</translation>
    </message>
    <message>
        <source>Show or hide the label distribution</source>
        <translation>显示或隐藏标签分布</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System Language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Imported into %1</source>
        <translation>已导入到 %1</translation>
    </message>
    <message>
        <source>%1 is open and has no datasets yet: File ▸ Import Examples… brings some in.</source>
        <translation>%1 已打开，但还没有数据集：可通过“文件 ▸ 导入样本…”导入。</translation>
    </message>
    <message>
        <source>Could not change the labels</source>
        <translation>无法更改标签</translation>
    </message>
    <message>
        <source>Show this list of shortcuts</source>
        <translation>显示此快捷键列表</translation>
    </message>
    <message>
        <source>Search works meanwhile; it reads the texts not yet indexed directly.</source>
        <translation>索引期间也可搜索：尚未索引的文本会被直接扫描。</translation>
    </message>
    <message>
        <source>Indexing texts for search: %1%</source>
        <translation>正在为搜索建立文本索引：%1%</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ProjectDock</name>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size / status</source>
        <translation>大小 / 状态</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>%1 examples, %2 labelled, %3 languages</source>
        <translation>%1 个样本，已标注 %2 个，%3 种语言</translation>
    </message>
    <message>
        <source>%1 examples</source>
        <translation>%1 个样本</translation>
    </message>
    <message>
        <source>No datasets yet</source>
        <translation>还没有数据集</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>训练运行</translation>
    </message>
    <message>
        <source>Run %1 on %2</source>
        <translation>在 %2 上的第 %1 次运行</translation>
    </message>
    <message>
        <source>No runs yet</source>
        <translation>还没有训练运行</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ProjectSession</name>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>Creating %1…</source>
        <translation>正在创建 %1…</translation>
    </message>
    <message>
        <source>Opening the demo project…</source>
        <translation>正在打开演示项目…</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ProjectWorker</name>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>Creating %1…</source>
        <translation>正在创建 %1…</translation>
    </message>
    <message>
        <source>Importing the demo dataset…</source>
        <translation>正在导入演示数据集…</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ShortcutOverlay</name>
    <message>
        <source>No keyboard shortcuts.</source>
        <translation>没有键盘快捷键。</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Press Esc, F1 or ? to close</source>
        <translation>按 Esc、F1 或 ? 关闭</translation>
    </message>
</context>
<context>
    <name>glossa::ui::StartPage</name>
    <message>
        <source>Glossa</source>
        <translation>Glossa</translation>
    </message>
    <message>
        <source>Label, train and inspect multilingual text classifiers.</source>
        <translation>标注、训练并检查多语言文本分类器。</translation>
    </message>
    <message>
        <source>New Project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <source>Open Project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <source>Open the Demo Project</source>
        <translation>打开演示项目</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
</context>
</TS>
