<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>glossa::ui::DatasetOverview</name>
    <message>
        <source>Examples per label and language</source>
        <translation>各标签与语言的样本数</translation>
    </message>
    <message>
        <source>%1 examples · %2 labelled (%3%) · %4 labels · %5 languages</source>
        <translation>%1 个样本 · 已标注 %2 个（%3%）· %4 个标签 · %5 种语言</translation>
    </message>
    <message>
        <source>Splits: train %1 · dev %2 · test %3</source>
        <translation>数据划分：训练 %1 · 验证 %2 · 测试 %3</translation>
    </message>
</context>
<context>
    <name>glossa::ui::LabelLanguageModel</name>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>(unlabelled)</source>
        <translation>（未标注）</translation>
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
        <source>%1 is open and has no datasets yet.</source>
        <translation>%1 已打开，但还没有数据集。</translation>
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
